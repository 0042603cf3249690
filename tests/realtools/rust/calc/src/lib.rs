// libtest sample: passes, a failure, two #[ignore] tests, a should_panic and a unicode name.
pub fn add(a: i32, b: i32) -> i32 { a + b }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() { assert_eq!(add(1, 2), 3); }

    #[test]
    fn wrong_sum() { assert_eq!(add(2, 2), 5); }

    #[test]
    #[ignore = "slow"]
    fn slow_one() { assert_eq!(add(1, 1), 2); }

    #[test]
    #[ignore]
    fn another_ignored() {}

    #[test]
    #[should_panic(expected = "boom")]
    fn panics() { panic!("boom"); }

    #[test]
    fn ünïcödé() { assert!(true); }
}
