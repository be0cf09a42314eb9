fn main() {
    communique_annotator::start();
}
