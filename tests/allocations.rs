//! Nothing on the request path allocates more than encoding needs: validating a valid request
//! allocates nothing, and encoding allocates once, the body: JSON sub-forms, amounts,
//! dates and signatures are written straight into it.
//!
//! This is a test binary of its own, on purpose: it installs a counting `#[global_allocator]`,
//! which counts every allocation of the whole process. Merged into `tests/it` or `tests/sim`,
//! other tests running on other threads would allocate during the measurement and make the
//! counts meaningless. Do not move it, and keep it to one test function.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

mod support;

use paybind::comnpay::*;
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

    // A body that fits the starting capacity: one allocation, the body.
    let n = allocations(|| {
        let body = <PaymentTokenDebit as Request<Api>>::body(&req, &creds).expect("encode");
        assert!(matches!(body, paybind::encoding::Body::Form(ref t)
            if t.contains("transactionRef=commande-%C3%A9t%C3%A9-0001")
                && t.contains("caddy=%7B")
                && t.len() <= paybind::encoding::BODY_CAPACITY));
        drop(body);
    });
    assert_eq!(n, 1, "encoding a token debit with two JSON sub-forms");

    // A signed PaynetEasy sale: amount and signature written in place, one allocation.
    let sale = paybind::payneteasy::Sale::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(paybind::Money::parse("10.42", "EUR").expect("money"))
        .ipaddress("65.153.12.232")
        .credit_card_number("4538977399606732")
        .card_printed_name("CARD HOLDER")
        .expire_month("12")
        .expire_year("2099")
        .cvv2("123")
        .first_name("John")
        .last_name("Smith")
        .address1("100 Main st")
        .city("Seattle")
        .state("WA")
        .zip_code("98102")
        .country("US")
        .phone("+12063582043")
        .email("john.smith@gmail.com")
        .build();
    let sale_creds = paybind::payneteasy::Credentials::new(
        "sim-login",
        "SIM-CONTROL-B17F59B4",
        paybind::payneteasy::Target::Endpoint(39529),
    );
    assert_eq!(
        allocations(|| assert!(sale.validate().is_ok())),
        0,
        "validation of a valid sale allocates"
    );
    let n = allocations(|| {
        let body = <paybind::payneteasy::Sale as Request<paybind::payneteasy::Api>>::body(
            &sale,
            &sale_creds,
        )
        .expect("encode");
        drop(body);
    });
    assert_eq!(n, 1, "encoding and signing a sale");
}
