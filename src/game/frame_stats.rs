//! Frame statistics on request (`FRONTLINE_FRAME_STATS=SECONDS`): every that many seconds of real
//! time, one log line with the frames drawn, frames per second and the process's CPU time per
//! frame, so the cost of a moving screen (typewriter, ringing phone, countdown) can be measured
//! under Xvfb (`scripts/perf-report.sh`); and once, how long after the process started the first
//! frame (and, in the game, the library's first frame) was drawn. Off by default: nothing is
//! counted or read.

use bevy::prelude::*;
use std::time::{Duration, Instant};

/// The environment variable that turns the statistics on; its value is the window in seconds.
pub const VARIABLE: &str = "FRONTLINE_FRAME_STATS";

/// The process's CPU time (user + system, every thread) from `/proc/self/stat`, when readable.
pub fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Linux reports clock ticks of 1/100 s (USER_HZ) on every architecture Frontline runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// How long ago the process started (from `/proc/self/stat` and `/proc/uptime`, to 10 ms).
pub fn process_age() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    // starttime is field 22 of the whole line (20 after the name), in ticks since boot.
    let started: u64 = rest.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_secs_f64((uptime - started as f64 / 100.0).max(0.0)))
}

/// Logs, once, when the first frame is drawn.
fn first_frame(mut done: Local<bool>) {
    if !*done {
        *done = true;
        if let Some(age) = process_age() {
            info!("frame stats: first frame {:.2} s after the process started", age.as_secs_f64());
        }
    }
}

/// Logs, once, when the library's first frame is drawn (the game adds this to [`plugin`]).
pub fn first_library_frame(mut done: Local<bool>) {
    if !*done {
        *done = true;
        if let Some(age) = process_age() {
            info!("frame stats: first library frame {:.2} s after the process started", age.as_secs_f64());
        }
    }
}

/// True when the statistics were asked for.
pub fn enabled() -> bool {
    std::env::var(VARIABLE).ok().and_then(|v| v.trim().parse::<f64>().ok()).is_some_and(|s| s.is_finite() && s > 0.0)
}

/// One window of counting.
#[derive(Resource, Debug)]
struct FrameWindow {
    length: Duration,
    started: Instant,
    cpu_at_start: Option<Duration>,
    frames: u64,
}

fn count(mut window: ResMut<FrameWindow>) {
    window.frames += 1;
    let elapsed = window.started.elapsed();
    if elapsed < window.length {
        return;
    }
    let cpu = process_cpu_time();
    let secs = elapsed.as_secs_f64();
    let frames = window.frames;
    let fps = frames as f64 / secs;
    match (window.cpu_at_start, cpu) {
        (Some(before), Some(now)) => {
            let used = now.saturating_sub(before).as_secs_f64();
            info!(
                "frame stats: {frames} frames in {secs:.2} s ({fps:.1} fps), CPU {used:.2} s ({:.0} %), {:.2} ms CPU per frame",
                100.0 * used / secs,
                1000.0 * used / frames as f64
            );
        }
        _ => info!("frame stats: {frames} frames in {secs:.2} s ({fps:.1} fps)"),
    }
    *window = FrameWindow { length: window.length, started: Instant::now(), cpu_at_start: cpu, frames: 0 };
}

/// Counts frames when [`VARIABLE`] holds a number of seconds.
pub fn plugin(app: &mut App) {
    let Some(seconds) = std::env::var(VARIABLE).ok().and_then(|v| v.trim().parse::<f64>().ok()) else { return };
    if !(seconds.is_finite() && seconds > 0.0) {
        return;
    }
    app.insert_resource(FrameWindow {
        length: Duration::from_secs_f64(seconds),
        started: Instant::now(),
        cpu_at_start: process_cpu_time(),
        frames: 0,
    })
    .add_systems(Last, (count, first_frame));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_cpu_time_is_read_and_grows_with_work() {
        let before = process_cpu_time().expect("/proc/self/stat is readable on Linux");
        let started = Instant::now();
        let mut x = 0u64;
        while started.elapsed() < Duration::from_millis(300) {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        let after = process_cpu_time().expect("readable");
        assert!(after > before, "{before:?} then {after:?} after 300 ms of work");
    }

    #[test]
    fn the_process_age_is_read() {
        let age = process_age().expect("readable on Linux");
        assert!(age < Duration::from_secs(24 * 3600), "{age:?}");
    }
}
