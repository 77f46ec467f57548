//! The state types of the generated typestate builders, written by one macro so that the
//! generated code lists each state's row once instead of spelling every forwarding.
//!
//! A builder's module (`sale_builder`) holds a `State` trait with one associated type per
//! slot (a required field, or a choice's parameter), `Empty` (every slot [`Unset`]), and one
//! `Set…<S>` state per setter that moves the state. Each `Set…<S>` is a row: for each slot,
//! in the order `State` declares them, either `_` (the slot as `S` has it), `chosen`
//! ([`Chosen`]) or `(T)` (the value's type, once set).
//!
//! [`Unset`]: crate::Unset
//! [`Chosen`]: crate::Chosen

/// Writes a builder's `State` trait, `Empty`, and its `Set…` states (see the module doc).
///
/// ```
/// mod pair_builder {
///     paybind::builder_states! {
///         /// A state of a `Pair` builder.
///         [Left, Right, OneOfChoice]
///         /// `S`, with `left` set.
///         SetLeft [(String), _, chosen]
///         /// `S`, with `right` set.
///         SetRight [_, (u32), chosen]
///     }
/// }
/// use pair_builder::{Empty, SetLeft, SetRight, State};
/// fn right_of<S: State<Right = u32>>() {}
/// right_of::<SetRight<SetLeft<Empty>>>();
/// let _: <SetLeft as State>::Left = String::new();
/// let _: <SetLeft as State>::OneOfChoice = paybind::Chosen;
/// let _: <SetLeft as State>::Right = paybind::Unset;
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! builder_states {
    (
        #[doc = $doc:literal]
        $slots:tt
        $( $(#[$sdoc:meta])* $set:ident $row:tt )*
    ) => {
        $crate::builder_states!(@trait #[doc = $doc] $slots);
        $( $crate::builder_states!(@set $(#[$sdoc])* $set $slots $row); )*
    };
    (@trait $(#[$doc:meta])* [$($slot:ident),* $(,)?]) => {
        $(#[$doc])*
        pub trait State: ::core::fmt::Debug + ::core::clone::Clone {
            $(
                #[doc = " `Unset`, the value, or `Chosen`."]
                type $slot: $crate::Slot;
            )*
        }
        #[doc = " Nothing set yet."]
        #[derive(Debug, Clone)]
        pub struct Empty;
        impl State for Empty {
            $( type $slot = $crate::Unset; )*
        }
    };
    (@set $(#[$sdoc:meta])* $set:ident [$($slot:ident),* $(,)?] [$($val:tt),* $(,)?]) => {
        $(#[$sdoc])*
        #[derive(Debug, Clone)]
        pub struct $set<S: State = Empty>(::core::marker::PhantomData<fn() -> S>);
        impl<S: State> State for $set<S> {
            $( type $slot = $crate::builder_states!(@slot S::$slot, $val); )*
        }
    };
    (@slot $kept:ty, _) => { $kept };
    (@slot $kept:ty, chosen) => { $crate::Chosen };
    (@slot $kept:ty, ($t:ty)) => { $t };
}

/// Writes the traits a builder's `build` requires of its required fields' states, one row
/// per field: `Trait: ValueType = "message", "label", "note";`, the compile error's words
/// when the field was never set. Each trait is implemented by the value's type alone (so by
/// the state once the field is set, never by [`Unset`](crate::Unset)), and needs
/// `Into<ValueType>`, which `build` uses to take the value.
///
/// ```
/// paybind::required_traits! {
///     PairNeedsLeft: String = "`Pair` needs `left`", "`left` was never set", "call `.left(…)`";
/// }
/// fn build<L: PairNeedsLeft>(left: L) -> String {
///     left.into()
/// }
/// assert_eq!(build(String::from("l")), "l");
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! required_traits {
    ($( $name:ident: $value:ty = $message:literal, $label:literal, $note:literal; )*) => {$(
        #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
        #[doc = "Implemented once the field is set: by its value, which `build` takes."]
        pub trait $name: ::core::convert::Into<$value> {}
        #[diagnostic::do_not_recommend]
        impl $name for $value {}
    )*};
}

/// A builder's values moving to its next state with one required slot's value replaced:
/// `Slot` names the slot (a marker type of the builder's `slot` module), `V` is its new
/// type (the value, once set). Implemented by [`builder_values!`](crate::builder_values)
/// for every slot, so that a setter moves the one struct of values without naming the other
/// fields.
pub trait Replace<Slot, V> {
    /// The values with the slot's type replaced by `V`.
    type Out;
    /// Moves the values, the slot now holding `value`.
    fn replace(self, value: V) -> Self::Out;
}

/// Writes a builder's one struct of values, `Required<…>` (one type parameter per required
/// field, which the state fills with [`Unset`](crate::Unset) or the value, and the optional
/// values in a struct `Optional` the module declares), its `slot` marker types, and a
/// [`Replace`] implementation per required field.
///
/// ```
/// mod pair_builder {
///     #[derive(Debug, Clone, Default)]
///     pub struct Optional {
///         pub(super) note: Option<String>,
///     }
///     paybind::builder_values! { [left: Left, right: Right] }
/// }
/// use paybind::builder::Replace;
/// use pair_builder::{slot, Optional, Required};
/// let empty = Required { left: paybind::Unset, right: paybind::Unset, optional: Optional::default() };
/// let one: Required<paybind::Unset, u32> = Replace::<slot::Right, _>::replace(empty, 7u32);
/// let both: Required<String, u32> = Replace::<slot::Left, _>::replace(one, "l".to_string());
/// assert_eq!((both.left.as_str(), both.right), ("l", 7));
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! builder_values {
    ([$($field:ident: $slot:ident),* $(,)?]) => {
        #[doc = " The values so far: each required one typed by the state (`Unset`, or the value), then the optional ones."]
        #[derive(Debug, Clone)]
        pub struct Required<$($slot),*> {
            $(pub(super) $field: $slot,)*
            pub(super) optional: Optional,
        }
        #[doc = " The names of the required slots, for `paybind::builder::Replace`."]
        pub mod slot {
            $(
                #[doc = " A required slot."]
                #[derive(Debug, Clone, Copy)]
                pub struct $slot;
            )*
        }
        $crate::builder_values!(@replace [] [$($field: $slot),*] [$($slot),*]);
    };
    (@replace [$($df:ident: $ds:ident),*] [] [$($all:ident),*]) => {};
    (
        @replace [$($df:ident: $ds:ident),*]
        [$cf:ident: $cs:ident $(, $rf:ident: $rs:ident)*]
        [$($all:ident),*]
    ) => {
        impl<$($all,)* __V> $crate::builder::Replace<slot::$cs, __V> for Required<$($all),*> {
            type Out = Required<$($ds,)* __V $(, $rs)*>;
            fn replace(self, value: __V) -> Self::Out {
                Required {
                    $($df: self.$df,)*
                    $cf: value,
                    $($rf: self.$rf,)*
                    optional: self.optional,
                }
            }
        }
        $crate::builder_values!(@replace [$($df: $ds,)* $cf: $cs] [$($rf: $rs),*] [$($all),*]);
    };
}
