//! What a learner or IT staff are told when the machine has no graphics driver the game can draw
//! with, instead of the renderer's panic.
//!
//! Bevy's renderer panics when it finds no adapter (no Vulkan loader, no Vulkan driver, or a Mesa
//! too old for wgpu, as on Ubuntu 22.04 without its updates). That happens once, at start, before
//! anything is played, so the panic hook below turns it into a plain error and exit code 1;
//! every other panic goes to the default hook unchanged.

/// The start of the renderer's message when it finds no adapter (bevy_render's
/// `GPU_NOT_FOUND_ERROR_MESSAGE`).
const RENDERER_FOUND_NO_ADAPTER: &str = "Unable to find a GPU";

/// What to say, or `None` when the panic is about something else.
pub fn explanation(panic_message: &str) -> Option<String> {
    panic_message.starts_with(RENDERER_FOUND_NO_ADAPTER).then(|| {
        "error: Frontline found no graphics driver it can draw its window with.\n\
         It draws with Vulkan; a PC without a graphics card uses Mesa's software driver.\n\
         On Debian or Ubuntu, install the drivers with the system's updates:\n\
         \x20   sudo apt update && sudo apt install libvulkan1 mesa-vulkan-drivers\n\
         (Ubuntu 22.04 needs the Mesa from jammy-updates.) `vulkaninfo --summary` (package vulkan-tools)\n\
         shows what the system offers.\n\
         Until then the calls can be played in the terminal: `frontline pick`."
            .to_string()
    })
}

/// Installs the hook; called once, before the window opens.
pub fn explain_missing_driver() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(text) = info.payload_as_str().and_then(explanation) {
            eprintln!("{text}");
            // Nothing has been played yet: there is no progress to save.
            std::process::exit(1);
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renderers_no_adapter_panic_is_explained_and_others_are_not() {
        let renderer = "Unable to find a GPU! Make sure you have installed required drivers! For extra information, see: https://github.com/bevyengine/bevy/blob/latest/docs/linux_dependencies.md";
        let text = explanation(renderer).expect("explained");
        assert!(text.contains("mesa-vulkan-drivers"), "{text}");
        assert!(text.contains("frontline pick"), "{text}");
        assert_eq!(explanation("index out of bounds: the len is 3 but the index is 7"), None);
    }
}
