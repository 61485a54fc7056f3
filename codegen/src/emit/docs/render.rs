//! The templates, embedded, and the one minijinja environment that renders them.

use minijinja::Environment;
use serde::Serialize;

/// Every template, by name: layout only, each reading a view from `view.rs`.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "index.md.j2",
        include_str!("../../../templates/index.md.j2"),
    ),
    ("page.md.j2", include_str!("../../../templates/page.md.j2")),
    (
        "fields.md.j2",
        include_str!("../../../templates/fields.md.j2"),
    ),
];

/// The environment holding the templates. Markdown is not HTML: nothing is auto-escaped, since
/// the view's texts are already escaped for the table cells they land in.
pub fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut environment = Environment::new();
    environment.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // Lines holding only a tag leave nothing behind, so templates can be laid out readably.
    environment.set_trim_blocks(true);
    environment.set_lstrip_blocks(true);
    environment.set_keep_trailing_newline(true);
    for (name, source) in TEMPLATES {
        environment.add_template(name, source)?;
    }
    Ok(environment)
}

/// Renders the template `name` with `view` as its context.
pub fn render(
    environment: &Environment<'_>,
    name: &str,
    view: &impl Serialize,
) -> Result<String, minijinja::Error> {
    environment.get_template(name)?.render(view)
}
