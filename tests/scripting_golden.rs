//! EVAL, EVALSHA, SCRIPT and the script environment against redis-server 7.0.15: every
//! `tests/scripting/cases/NAME.redis` is fed to `ferrous-lua redis` and its output must equal
//! `NAME.out`, what `redis-cli --no-raw` printed for the same lines against a fresh
//! redis-server (`tests/scripting/regenerate.sh`).

mod common;

#[test]
fn scripts_reply_as_redis_7_0_15() {
    let (count, failures) = common::compare_redis_cases("tests/scripting/cases");
    assert!(count >= 10, "only {count} script files");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Five realistic workloads (tests/suites/generate.py: a job queue with cmsgpack options and
/// an event stream, a GCRA rate limiter, multi-resource locks, unique-job locks built with
/// string patterns, a leaderboard), each ending with a dump of the whole keyspace: every
/// reply and the final keyspace equal redis-server 7.0.15's.
#[test]
fn realistic_suites_reply_and_end_as_redis_7_0_15() {
    let (count, failures) = common::compare_redis_cases("tests/suites/cases");
    assert!(count >= 5, "only {count} suites");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
