//! Nothing on the request path allocates more than encoding needs: validating a valid request
//! allocates nothing, and encoding allocates only the body and the JSON of each sub-form.
//!
//! This is a test binary of its own, on purpose: it installs a counting `#[global_allocator]`,
//! which counts every allocation of the whole process. Merged into `tests/it` or `tests/sim`,
//! other tests running on other threads would allocate during the measurement and make the
//! counts meaningless. Do not move it, and keep it to one test function.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

mod support;

use paybind::comnpay::*;
use paybind::encoding::FormBody;
use paybind::transport::Request;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

// One test function, so that no other test allocates concurrently.
#[test]
fn request_path_allocations() {
    let browser = support::browser();
    let req = PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("commande-été-0001")
        .amount(1590)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(browser)
        .caddy(Caddy::builder().nb_carte_cadeau(2).build())
        .build();
    let creds = Credentials::new("VAD-111-111", "6RLl4FlO2o4ZvAdflK2p");

    assert_eq!(
        allocations(|| assert!(req.validate().is_ok())),
        0,
        "validation of a valid request allocates"
    );

    let mut body = None;
    let n = allocations(|| {
        let mut b = FormBody::with_capacity(2048);
        <PaymentTokenDebit as Request<Api>>::encode(&req, &creds, &mut b).expect("encode");
        body = Some(b.finish());
    });
    eprintln!("encoding allocated {n} times");
    // The body buffer, then per JSON sub-form (browser, caddy) its JSON text: one buffer that
    // may grow while serde_json writes it.
    assert!(n <= 1 + 2 * 3, "encoding allocated {n} times");
    assert!(body
        .expect("body")
        .contains("transactionRef=commande-%C3%A9t%C3%A9-0001"));
}
