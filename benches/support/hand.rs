//! Hand-written serde structs for the answers the benches decode: what a careful engineer
//! would write without paybind, each field typed the plain way (numbers, strings, booleans).

#![allow(dead_code)]

use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
pub struct HandCustomer {
    pub road: Option<String>,
    pub zip_code: Option<String>,
    pub email: Option<String>,
    pub last_name: Option<String>,
    pub country: Option<String>,
    pub first_name: Option<String>,
    pub quality: Option<String>,
    pub phone: Option<String>,
    pub city: Option<String>,
    pub meeting_date: Option<String>,
    pub vat_number: Option<String>,
    pub fiscal_code: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
pub struct HandPayperlink {
    pub payperlink_id: Option<String>,
    pub payment_type: Option<String>,
    pub begin_date: Option<String>,
    pub end_date: Option<String>,
    pub max_quantity: Option<i64>,
    pub language: Option<String>,
    pub url_ok: Option<String>,
    pub url_nok: Option<String>,
    pub product_reference: Option<String>,
    pub product_label: Option<String>,
    pub amount: Option<i64>,
    pub customer: Option<HandCustomer>,
    pub creation_date: Option<String>,
    pub deferred_payment_date: Option<String>,
    pub suppression_date: Option<String>,
    pub nb_payments: Option<i64>,
    pub template: Option<String>,
    pub deadline_period: Option<String>,
    pub next_deadline_date: Option<String>,
    pub deadline_frequency: Option<i64>,
    pub deadline_day: Option<i64>,
    pub timetable_end_date: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
pub struct HandTransaction {
    pub transaction_id: Option<i64>,
    pub amount: Option<i64>,
    pub ok: Option<u8>,
    pub confirmed: Option<u8>,
    pub card_alias: Option<String>,
    pub card_end_date: Option<String>,
    pub card_truncated_number: Option<String>,
    pub card_type: Option<String>,
    pub bin_country_code: Option<String>,
    pub transaction_date: Option<String>,
    pub reject_date: Option<String>,
    pub response_code: Option<String>,
    pub message: Option<String>,
    pub transaction_ref: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub ask3ds: Option<u8>,
    pub auth3ds_code: Option<String>,
    pub auth3ds_message: Option<String>,
    pub enrollment3ds_code: Option<String>,
    pub enrollment3ds_message: Option<String>,
    pub ask_autor: Option<u8>,
    pub autor_code: Option<String>,
    pub autor_number: Option<String>,
    pub verify_enrollment3ds_md: Option<String>,
    pub verify_enrollment3ds_pareq: Option<String>,
    pub verify_enrollment3ds_action_url: Option<String>,
    pub verify_enrollment3ds_mpi: Option<String>,
    pub source: Option<String>,
    pub origin: Option<String>,
    pub init_login: Option<i64>,
    pub memo1_clic: Option<bool>,
    pub sub_account: Option<String>,
    pub customer: Option<HandCustomer>,
    pub payperlink: Option<HandPayperlink>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
pub struct HandPayment {
    pub ok: Option<u8>,
    pub message: Option<String>,
    pub transaction: Option<HandTransaction>,
    pub response_code: Option<String>,
    pub action_code: Option<String>,
}

pub fn trimmed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let mut s = String::deserialize(d)?;
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
    Ok(Some(s))
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HandStatus {
    #[serde(rename = "type", default, deserialize_with = "trimmed")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    pub amount: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    pub currency: Option<String>,
    #[serde(rename = "paynet-order-id", default, deserialize_with = "trimmed")]
    pub paynet_order_id: Option<String>,
    #[serde(rename = "merchant-order-id", default, deserialize_with = "trimmed")]
    pub merchant_order_id: Option<String>,
    #[serde(rename = "serial-number", default, deserialize_with = "trimmed")]
    pub serial_number: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    pub html: Option<String>,
    #[serde(rename = "redirect-to", default, deserialize_with = "trimmed")]
    pub redirect_to: Option<String>,
    #[serde(rename = "error-message", default, deserialize_with = "trimmed")]
    pub error_message: Option<String>,
    #[serde(rename = "error-code", default, deserialize_with = "trimmed")]
    pub error_code: Option<String>,
    #[serde(rename = "transaction-type", default, deserialize_with = "trimmed")]
    pub transaction_type: Option<String>,
    #[serde(rename = "card-type", default, deserialize_with = "trimmed")]
    pub card_type: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    pub bin: Option<String>,
    #[serde(rename = "last-four-digits", default, deserialize_with = "trimmed")]
    pub last_four_digits: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    pub merchantdata: Option<String>,
}

/// PaynetEasy's answer to a sale.
#[derive(Deserialize)]
pub struct HandAsync {
    #[serde(rename = "type", default, deserialize_with = "trimmed")]
    pub kind: Option<String>,
    #[serde(rename = "serial-number", default, deserialize_with = "trimmed")]
    pub serial_number: Option<String>,
    #[serde(rename = "merchant-order-id", default, deserialize_with = "trimmed")]
    pub merchant_order_id: Option<String>,
    #[serde(rename = "paynet-order-id", default, deserialize_with = "trimmed")]
    pub paynet_order_id: Option<String>,
    #[serde(rename = "end-point-id", default, deserialize_with = "trimmed")]
    pub end_point_id: Option<String>,
    #[serde(rename = "error-message", default, deserialize_with = "trimmed")]
    pub error_message: Option<String>,
    #[serde(rename = "error-code", default, deserialize_with = "trimmed")]
    pub error_code: Option<String>,
}

/// S-money's card payment, as its simulator answers a creation.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HandCardPayment {
    pub id: Option<i64>,
    pub order_id: Option<String>,
    pub amount: Option<i64>,
    pub fee: Option<i64>,
    pub three_d_secure_preference: Option<i64>,
    #[serde(rename = "availableCards")]
    pub available_cards: Option<String>,
    pub is_mine: Option<bool>,
    pub message: Option<String>,
    #[serde(rename = "urlReturn")]
    pub url_return: Option<String>,
    #[serde(rename = "urlCallback")]
    pub url_callback: Option<String>,
    pub status: Option<i64>,
    pub error_code: Option<i64>,
    pub href: Option<String>,
    pub payment_date: Option<String>,
    #[serde(rename = "Type")]
    pub kind: Option<i64>,
}
