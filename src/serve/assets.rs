//! The page's files, compiled into the binary: the page works offline, from one file.
//! Requests name an asset; only these names answer.

/// (name under /assets/, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_bytes!("assets/app.css")),
    (
        "vendor/echarts.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/vendor/echarts.min.js"),
    ),
    ("vendor/ECHARTS-LICENSE", "text/plain; charset=utf-8", include_bytes!("assets/vendor/ECHARTS-LICENSE")),
    ("vendor/ECHARTS-NOTICE", "text/plain; charset=utf-8", include_bytes!("assets/vendor/ECHARTS-NOTICE")),
    ("DejaVuSans.ttf", "font/ttf", include_bytes!("../../assets/DejaVuSans.ttf")),
    ("DejaVuSans-Bold.ttf", "font/ttf", include_bytes!("../../assets/DejaVuSans-Bold.ttf")),
];

pub const INDEX: &str = include_str!("assets/index.html");

/// The asset of that name, with its content type.
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS.iter().find(|(n, _, _)| *n == name).map(|(_, t, b)| (*t, *b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_names_only_assets_the_binary_holds() {
        for name in ["app.js", "app.css", "vendor/echarts.min.js", "DejaVuSans.ttf"] {
            assert!(super::get(name).is_some(), "{name}");
        }
        for (i, _) in super::INDEX.match_indices("/assets/") {
            let rest = &super::INDEX[i + "/assets/".len()..];
            let name = &rest[..rest.find(['"', '\'', ')']).unwrap_or(rest.len())];
            assert!(super::get(name).is_some(), "index.html names /assets/{name}, which is not compiled in");
        }
        assert!(super::get("../Cargo.toml").is_none() && super::get("").is_none());
    }
}
