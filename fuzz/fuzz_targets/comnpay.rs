#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| paybind_fuzz::comnpay(data));
