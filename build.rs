// The course content (exercises/, lessons/) is embedded with include_dir!, which cargo does not
// track by itself: rebuild whenever a content file changes.
fn main() {
    println!("cargo:rerun-if-changed=exercises");
    println!("cargo:rerun-if-changed=lessons");
}
