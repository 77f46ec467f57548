// A token read from an answer is `paybind::Sensitive`, not text: passing it to a setter does
// not compile, and the error points to `.expose()`.
use paybind::comnpay::{PaymentTokenDebit, TokenResponse};

fn debit(answer: TokenResponse) -> PaymentTokenDebit {
    let token = answer.token.and_then(|t| t.token_ref).expect("a token");
    PaymentTokenDebit::builder()
        .token_ref(token)
        .transaction_ref("ORDER-0042")
        .amount(1000)
        .build()
}

fn main() {
    let _ = debit;
}
