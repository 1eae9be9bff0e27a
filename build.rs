// The course content (exercises/, lessons/, quizzes/) is embedded with include_dir!, which cargo does not
// track by itself: rebuild whenever a content file changes.
fn main() {
    println!("cargo:rerun-if-changed=exercises");
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo:rerun-if-changed=quizzes");
}
