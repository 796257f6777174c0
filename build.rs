//! Embeds the browser libraries of the explorer page and of GraphiQL (installed from
//! npm with `npm ci --prefix web`) into the binary, so the service serves them itself.
//! A library that is missing is replaced by a script that says how to install it.

use std::path::Path;

/// (file in `web/node_modules`, name the service serves it under)
const ASSETS: [(&str, &str); 5] = [
    ("cytoscape/dist/cytoscape.min.js", "cytoscape.min.js"),
    (
        "react/umd/react.production.min.js",
        "react.production.min.js",
    ),
    (
        "react-dom/umd/react-dom.production.min.js",
        "react-dom.production.min.js",
    ),
    ("graphiql/graphiql.min.js", "graphiql.min.js"),
    ("graphiql/graphiql.min.css", "graphiql.min.css"),
];

fn main() {
    println!("cargo:rerun-if-changed=web/package-lock.json");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let mut missing = Vec::new();
    for (source, name) in ASSETS {
        let source = Path::new("web/node_modules").join(source);
        println!("cargo:rerun-if-changed={}", source.display());
        let target = Path::new(&out_dir).join(name);
        if std::fs::copy(&source, &target).is_err() {
            missing.push(name);
            let stand_in = if name.ends_with(".js") {
                "window.PEACENET_MISSING_LIBRARY = 'npm ci --prefix web';\n"
            } else {
                "/* missing: run npm ci --prefix web */\n"
            };
            if let Err(e) = std::fs::write(&target, stand_in) {
                panic!("cannot write {}: {e}", target.display());
            }
        }
    }
    if !missing.is_empty() {
        println!(
            "cargo:warning=the explorer and GraphiQL need {}: run `npm ci --prefix web`, then build again",
            missing.join(", ")
        );
    }
}
