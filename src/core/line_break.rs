//! Line-breaking rules for Chinese (and mixed) text: a wrapped line never starts with a closing
//! mark (，。、；：？！）」…) and never ends with an opening one (（「《“…). The rule lives here;
//! whatever wraps text (the game's labels, a terminal) asks `adjust_wraps` where to break instead.

/// Marks that may not begin a line: closing punctuation, full-width and ASCII.
const NO_LINE_START: &str = "，。、；：？！）」』】〉》〕〗〙”’…‥—～·％,.;:?!)]}%";

/// Marks that may not end a line: opening punctuation.
const NO_LINE_END: &str = "（「『【〈《〔〖〘“‘([{";

/// Whether `c` may be the first character of a wrapped line.
pub fn may_start_line(c: char) -> bool {
    !NO_LINE_START.contains(c)
}

/// Whether `c` may be the last character of a wrapped line.
pub fn may_end_line(c: char) -> bool {
    !NO_LINE_END.contains(c)
}

/// One row of text as a wrapping layout produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedRow {
    /// The row's characters (without the line feed that ends a paragraph).
    pub text: String,
    /// The row ends at a line feed of the text itself (not at a wrap the layout chose).
    pub ends_paragraph: bool,
}

/// Given the rows a layout produced for a text, returns the text with a line feed inserted where
/// the first illegal wrap should break instead, or `None` when every wrap is legal. Breaking one
/// or two characters earlier carries the character before the closing mark down with it (or the
/// opening mark down to what it opens), as Chinese typesetting does; a row is never emptied.
///
/// Callers lay the text out again and repeat until `None` (each call fixes one wrap).
pub fn adjust_wraps(rows: &[WrappedRow]) -> Option<String> {
    let boundary =
        rows.windows(2).position(|pair| !pair[0].ends_paragraph && illegal_wrap(&pair[0].text, &pair[1].text))?;
    let before: Vec<char> = rows[boundary].text.chars().collect();
    // Break as late as possible on this row where the break is legal; never empty the row.
    let keep = (1..before.len()).rev().find(|&k| may_end_line(before[k - 1]) && may_start_line(before[k]))?;
    let mut text = String::new();
    for (i, row) in rows.iter().enumerate() {
        if i == boundary {
            text.extend(&before[..keep]);
            text.push('\n');
            text.extend(&before[keep..]);
        } else {
            text.push_str(&row.text);
        }
        if row.ends_paragraph {
            text.push('\n');
        }
    }
    Some(text)
}

fn illegal_wrap(before: &str, after: &str) -> bool {
    let starts_badly = after.chars().next().is_some_and(|c| !may_start_line(c));
    let ends_badly = before.trim_end().chars().last().is_some_and(|c| !may_end_line(c));
    starts_badly || ends_badly
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(parts: &[&str]) -> Vec<WrappedRow> {
        parts.iter().map(|p| WrappedRow { text: (*p).into(), ends_paragraph: false }).collect()
    }

    #[test]
    fn a_comma_at_the_start_of_a_line_takes_the_character_before_it_along() {
        let fixed = adjust_wraps(&rows(&["我马上给您叫出租车", "，司机会在门口等您。"]));
        assert_eq!(fixed.as_deref(), Some("我马上给您叫出租\n车，司机会在门口等您。"));
    }

    #[test]
    fn an_opening_mark_at_the_end_of_a_line_moves_down() {
        let fixed = adjust_wraps(&rows(&["请您看一下「", "登机牌」。"]));
        assert_eq!(fixed.as_deref(), Some("请您看一下\n「登机牌」。"));
    }

    #[test]
    fn legal_wraps_and_paragraph_ends_are_left_alone() {
        assert_eq!(adjust_wraps(&rows(&["慢一点，", "但管用。"])), None);
        let paragraph = vec![
            WrappedRow { text: "第一段".into(), ends_paragraph: true },
            WrappedRow { text: "，第二段".into(), ends_paragraph: false },
        ];
        assert_eq!(adjust_wraps(&paragraph), None);
    }

    #[test]
    fn two_closing_marks_in_a_row_move_together_with_their_character() {
        let fixed = adjust_wraps(&rows(&["他说：“好的", "。”然后挂了"]));
        assert_eq!(fixed.as_deref(), Some("他说：“好\n的。”然后挂了"));
    }

    #[test]
    fn a_row_of_punctuation_only_is_left_as_it_is() {
        assert_eq!(adjust_wraps(&rows(&["“", "”"])), None);
    }

    #[test]
    fn english_wraps_are_legal() {
        assert_eq!(adjust_wraps(&rows(&["I can see why ", "that upset you."])), None);
        assert!(!may_start_line('，') && !may_start_line('）') && may_start_line('我'));
        assert!(!may_end_line('（') && may_end_line('。'));
    }
}
