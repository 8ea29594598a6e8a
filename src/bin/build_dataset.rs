//! `build-dataset`: rebuilds `public/data/cities.json`, its postcard forms (`cities.bin`, the
//! part the first view reads, and `cities-full.bin`, all of it, read after the first view) and
//! `public/data/land.svg` from the public source files. Run it from the project root: `cargo run --bin build-dataset`.
//!
//! Options: `--shared DIR` (default `../shared`), `--atlas FILE` (default
//! `node_modules/world-atlas/land-110m.json`), `--out DIR` (default `public/data`).
//!
//! The data build is a native tool: compiled for wasm32 (as the browser tests compile every
//! binary of the crate) it does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::PathBuf;
    use std::process::ExitCode;

    use ai_cities_index::dataset_build::{self, BuildInputs, land};

    pub(super) fn main() -> ExitCode {
        let mut shared = PathBuf::from("../shared");
        let mut atlas = PathBuf::from("node_modules/world-atlas/land-110m.json");
        let mut out = PathBuf::from("public/data");
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let target = match flag.as_str() {
                "--shared" => &mut shared,
                "--atlas" => &mut atlas,
                "--out" => &mut out,
                _ => {
                    eprintln!("build-dataset: unknown option {flag}");
                    return ExitCode::from(2);
                }
            };
            match args.next() {
                Some(value) => *target = PathBuf::from(value),
                None => {
                    eprintln!("build-dataset: {flag} needs a value");
                    return ExitCode::from(2);
                }
            }
        }
        let inputs = BuildInputs {
            curated_dir: PathBuf::from("data"),
            source_dir: shared.join("data"),
            seeds_dir: shared.join("seeds"),
        };
        let dataset = match dataset_build::build(&inputs) {
            Ok(dataset) => dataset,
            Err(error) => {
                eprintln!("build-dataset: {error}");
                return ExitCode::FAILURE;
            }
        };
        let land_svg = match std::fs::read_to_string(&atlas) {
            Ok(topojson) => land::land_svg(&topojson),
            Err(error) => Err(format!("{}: {error} (run `npm ci` first)", atlas.display())),
        };
        let land_svg = match land_svg {
            Ok(svg) => svg,
            Err(error) => {
                eprintln!("build-dataset: {error}");
                return ExitCode::FAILURE;
            }
        };
        for (name, bytes) in [
            ("cities.json", dataset_build::to_json(&dataset).into_bytes()),
            ("cities.bin", dataset.first_view().to_postcard()),
            ("cities-full.bin", dataset.to_postcard()),
            ("land.svg", land_svg.into_bytes()),
        ] {
            let path = out.join(name);
            if let Err(error) = std::fs::write(&path, bytes) {
                eprintln!("build-dataset: {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
            println!("wrote {}", path.display());
        }
        println!(
            "{} cities, {} indicators, edition {}",
            dataset.cities().len(),
            dataset.indicators().len(),
            dataset.edition()
        );
        ExitCode::SUCCESS
    }
}
