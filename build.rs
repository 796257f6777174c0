//! Embeds the browser code into the binary, so the service serves it itself: the
//! modules of the explorer and of the import page (`web/src`) bundled with their npm
//! libraries by esbuild (`web/build.mjs`, one script per page), and GraphiQL's files.
//! Both need `npm ci --prefix web` first; when it has not run (or Node.js is
//! missing), a stand-in script says what to do.

use std::path::Path;
use std::process::Command;

/// The scripts `web/build.mjs` writes, one per page.
const PAGE_SCRIPTS: [&str; 2] = ["explorer.js", "import.js"];

/// (file in `web/node_modules`, name the service serves it under)
const ASSETS: [(&str, &str); 4] = [
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

const STAND_IN_SCRIPT: &str = "window.PEACENET_MISSING_LIBRARY = 'npm ci --prefix web';\n";

fn main() {
    println!("cargo:rerun-if-changed=web/package-lock.json");
    println!("cargo:rerun-if-changed=web/build.mjs");
    println!("cargo:rerun-if-changed=web/src");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let out_dir = Path::new(&out_dir);
    let mut missing = Vec::new();
    if let Err(why) = bundle_pages(out_dir) {
        missing.push(format!("the explorer and the import page ({why})"));
        for script in PAGE_SCRIPTS {
            write(&out_dir.join(script), STAND_IN_SCRIPT);
        }
    }
    for (source, name) in ASSETS {
        let source = Path::new("web/node_modules").join(source);
        println!("cargo:rerun-if-changed={}", source.display());
        let target = out_dir.join(name);
        if std::fs::copy(&source, &target).is_err() {
            missing.push(name.to_owned());
            let stand_in = if name.ends_with(".js") {
                STAND_IN_SCRIPT
            } else {
                "/* missing: run npm ci --prefix web */\n"
            };
            write(&target, stand_in);
        }
    }
    if !missing.is_empty() {
        println!(
            "cargo:warning=the pages need {}: run `npm ci --prefix web`, then build again",
            missing.join(", ")
        );
    }
}

/// Runs esbuild (through `web/build.mjs`) on the pages' modules.
fn bundle_pages(out_dir: &Path) -> Result<(), String> {
    if !Path::new("web/node_modules/esbuild").exists() {
        return Err("web/node_modules is not installed".into());
    }
    // Each module file is watched, so that editing one rebuilds the bundles.
    watch_modules(Path::new("web/src"));
    let status = Command::new("node")
        .arg("web/build.mjs")
        .arg(out_dir)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("web/build.mjs failed ({status})"))
    }
}

/// Tells cargo to rebuild when a file under `dir` (and its folders) changes.
fn watch_modules(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            watch_modules(&path);
        }
    }
}

fn write(target: &Path, text: &str) {
    if let Err(e) = std::fs::write(target, text) {
        panic!("cannot write {}: {e}", target.display());
    }
}
