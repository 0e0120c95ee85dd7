//! Colours, in one place: a dark and a light theme, and none at all under `NO_COLOR`
//! (emphasis then comes from bold, reverse and underline only).

use ratatui::style::{Color, Modifier, Style};

use crate::api::model::Severity;
pub use crate::app::ThemeName;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub brand: Style,
    pub demo: Style,
    pub tenant: Style,
    pub dim: Style,
    pub key: Style,
    pub error: Style,
    pub warn: Style,
    pub border: Style,
    pub focus: Style,
    pub heading: Style,
    sev_high: Style,
    sev_medium: Style,
    sev_low: Style,
    sev_other: Style,
}

impl Theme {
    pub fn of(name: ThemeName) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match name {
            ThemeName::Mono => Self {
                brand: bold.add_modifier(Modifier::REVERSED),
                demo: bold.add_modifier(Modifier::REVERSED),
                tenant: bold,
                dim: Style::new(),
                key: bold,
                error: bold,
                warn: bold,
                border: Style::new(),
                focus: bold,
                heading: bold,
                sev_high: bold,
                sev_medium: Style::new(),
                sev_low: Style::new(),
                sev_other: Style::new(),
            },
            ThemeName::Dark | ThemeName::Light => {
                let light = name == ThemeName::Light;
                // Secondary text must stay readable: on a light background that takes a dark grey.
                let dim = Style::new().fg(if light {
                    Color::Rgb(90, 90, 90)
                } else {
                    Color::DarkGray
                });
                Self {
                    brand: bold.bg(Color::Blue).fg(Color::White),
                    demo: bold.bg(Color::Magenta).fg(Color::White),
                    tenant: bold.bg(Color::DarkGray).fg(Color::White),
                    dim,
                    key: Style::new().fg(if light { Color::Blue } else { Color::Cyan }),
                    error: Style::new().fg(Color::Red),
                    warn: Style::new().fg(if light {
                        Color::Rgb(160, 100, 0)
                    } else {
                        Color::Yellow
                    }),
                    border: dim,
                    focus: Style::new().fg(if light { Color::Blue } else { Color::Cyan }),
                    heading: bold,
                    sev_high: bold.fg(Color::Red),
                    sev_medium: Style::new().fg(if light {
                        Color::Rgb(160, 100, 0)
                    } else {
                        Color::Yellow
                    }),
                    sev_low: Style::new().fg(if light { Color::Blue } else { Color::Cyan }),
                    sev_other: dim,
                }
            }
        }
    }

    pub fn severity(&self, severity: Option<&Severity>) -> Style {
        match severity {
            Some(Severity::High) => self.sev_high,
            Some(Severity::Medium) => self.sev_medium,
            Some(Severity::Low) => self.sev_low,
            _ => self.sev_other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Secondary text on a light (white) background needs a dark enough grey: contrast of at
    /// least 4.5:1 (WCAG AA for text).
    #[test]
    fn light_secondary_text_is_readable_on_white() {
        let Some(Color::Rgb(r, g, b)) = Theme::of(ThemeName::Light).dim.fg else {
            panic!("the light theme's dim text has an exact colour");
        };
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
        let contrast = 1.05 / (luminance + 0.05);
        assert!(contrast >= 4.5, "contrast {contrast:.1}:1");
    }
}
