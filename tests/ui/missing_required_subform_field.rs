use paybind::comnpay::Application;

fn main() {
    // The 3DS v2 application form needs browserLanguage too.
    let _app = Application::builder().browser_ip("192.168.14.10").build();
}
