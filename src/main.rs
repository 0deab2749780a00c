fn main() {
    rolecall_web::start();
}
