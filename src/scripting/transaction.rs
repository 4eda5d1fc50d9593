//! MULTI, EXEC, DISCARD, WATCH and UNWATCH for the server's one client, as redis-server 7.0's
//! multi.c and `processCommand` have them: inside MULTI other commands are queued (`QUEUED`)
//! and run together at EXEC; a command refused while queueing fails the whole transaction;
//! a touched WATCHed key turns EXEC's reply into a null. RESET and QUIT end the client's
//! state, the transaction with the rest (database, protocol), as a fresh connection has it. The keyspace keeps the watched keys
//! (its commands, scripts' included, are where keys change); the queue lives here because
//! EXEC runs EVAL and FCALL too.

use super::server::Server;
use crate::keyspace::command::{self, Command, Handler, DENYOOM};
use crate::keyspace::reply::Reply;
use crate::keyspace::{watch, OOM};

/// The commands queued since MULTI.
#[derive(Default)]
pub struct Transaction {
    queued: Vec<Vec<Vec<u8>>>,
    /// A command was refused while queueing (Redis's `CLIENT_DIRTY_EXEC`).
    failed: bool,
    /// Some queued command is DENYOOM, so EXEC is refused when memory is short.
    denies_oom: bool,
    /// About how many bytes the queue holds, counted against the memory limit.
    bytes: u64,
}

/// What one queued argument costs beyond its bytes (Redis keeps each as an object).
const ARGUMENT_OVERHEAD: u64 = 16;

const QUEUED: &[u8] = b"QUEUED";

impl Server {
    /// A command refused before it runs (unknown, wrong arity, memory short while queueing):
    /// inside MULTI the transaction fails with it, and a refused EXEC discards the
    /// transaction at once.
    pub(super) fn refuse(&mut self, args: &[Vec<u8>], reply: Reply) -> Reply {
        if let Some(transaction) = &mut self.transaction {
            transaction.failed = true;
        }
        if args
            .first()
            .is_some_and(|n| n.eq_ignore_ascii_case(b"exec"))
        {
            return self.abort_exec(&reply);
        }
        reply
    }

    /// Runs or queues a resolved command when a transaction decides what happens to it;
    /// None for a command outside MULTI that is not a transaction command.
    pub(super) fn transaction_step(
        &mut self,
        command: &'static Command,
        args: &[Vec<u8>],
    ) -> Option<Reply> {
        // The common case first, at the cost of one test: a keyspace command outside MULTI.
        if self.transaction.is_none() && matches!(command.run, Handler::Keyspace(_)) {
            return None;
        }
        let immediate = matches!(
            command.name,
            "exec" | "discard" | "multi" | "watch" | "reset" | "quit"
        );
        if self.transaction.is_none() || matches!(command.name, "exec" | "discard") {
            return immediate.then(|| self.transaction_command(command.name, args));
        }
        // Queueing takes memory (Redis counts the queue as used memory), so inside MULTI Redis
        // refuses every command but EXEC and DISCARD while memory is short.
        let size: u64 = args
            .iter()
            .map(|a| a.len() as u64 + ARGUMENT_OVERHEAD)
            .sum();
        let queue = self.transaction.as_ref().map_or(0, |t| t.bytes);
        if let Err(reply) = self.keyspace.allow_growth_by(queue.saturating_add(size)) {
            return Some(self.refuse(args, reply));
        }
        if immediate {
            return Some(self.transaction_command(command.name, args));
        }
        let transaction = self.transaction.as_mut()?;
        transaction.denies_oom |= command.flags_for(args) & DENYOOM != 0;
        transaction.bytes = queue.saturating_add(size);
        transaction.queued.push(args.to_vec());
        Some(Reply::Status(QUEUED.to_vec()))
    }

    /// MULTI, EXEC, DISCARD, WATCH or UNWATCH (`name`), run now.
    pub(super) fn transaction_command(&mut self, name: &str, args: &[Vec<u8>]) -> Reply {
        match name {
            "multi" if self.transaction.is_some() => {
                Reply::error("ERR MULTI calls can not be nested")
            }
            "multi" => {
                self.transaction = Some(Transaction::default());
                Reply::ok()
            }
            "exec" => self.exec(),
            "discard" => match self.transaction.take() {
                None => Reply::error("ERR DISCARD without MULTI"),
                Some(_) => {
                    self.keyspace.watch.clear();
                    Reply::ok()
                }
            },
            "watch" if self.transaction.is_some() => {
                Reply::error("ERR WATCH inside MULTI is not allowed")
            }
            "watch" => {
                watch::watch_keys(&mut self.keyspace, args.get(1..).unwrap_or_default());
                Reply::ok()
            }
            "reset" => {
                self.reset_connection();
                Reply::Status(b"RESET".to_vec())
            }
            // The connection closes after the reply; the client's next command is a new
            // connection's.
            "quit" => {
                self.reset_connection();
                Reply::ok()
            }
            _ => {
                self.keyspace.watch.clear();
                Reply::ok()
            }
        }
    }

    /// `clearClientConnectionState`, for what this server's client has of it: no
    /// transaction, no watched keys, database 0, RESP2.
    fn reset_connection(&mut self) {
        self.transaction = None;
        self.keyspace.watch.clear();
        self.keyspace.selected = 0;
        self.keyspace.resp = 2;
    }

    /// EXEC: the queued commands' replies, or why the transaction did not run.
    fn exec(&mut self) -> Reply {
        let Some(transaction) = self.transaction.take() else {
            return Reply::error("ERR EXEC without MULTI");
        };
        if transaction.denies_oom && !self.keyspace.memory_allows_growth() {
            return self.abort_exec(&Reply::error(OOM));
        }
        let touched = watch::exec_must_fail(&self.keyspace);
        self.keyspace.watch.clear();
        if transaction.failed {
            return Reply::error("EXECABORT Transaction discarded because of previous errors.");
        }
        if touched {
            return Reply::Array(None);
        }
        let mut replies = Vec::with_capacity(transaction.queued.len());
        for args in &transaction.queued {
            let reply = match command::resolve(args) {
                Ok(command) => self.run(command, args),
                Err(reply) => reply,
            };
            // A queued HELLO changes the protocol of the replies after it.
            replies.push(reply.for_protocol(self.keyspace.resp));
        }
        Reply::Array(Some(replies))
    }

    /// EXEC refused before it runs (Redis's `execCommandAbort`): the transaction is
    /// discarded and the error says why.
    fn abort_exec(&mut self, reason: &Reply) -> Reply {
        self.transaction = None;
        self.keyspace.watch.clear();
        let text = match reason {
            Reply::Error(text) => text.strip_prefix(b"ERR ").unwrap_or(text),
            _ => &[],
        };
        let mut message = b"EXECABORT Transaction discarded because of: ".to_vec();
        message.extend_from_slice(text);
        Reply::Error(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(server: &mut Server, line: &str) -> Reply {
        let args: Vec<Vec<u8>> = line.split(' ').map(|w| w.as_bytes().to_vec()).collect();
        server.execute(&args)
    }

    #[test]
    fn queued_hello_switches_the_protocol_of_the_replies_after_it() {
        let mut server = Server::new(0);
        run(&mut server, "HSET h f v");
        run(&mut server, "MULTI");
        run(&mut server, "HGETALL h");
        run(&mut server, "HELLO 3");
        run(&mut server, "HGETALL h");
        let Reply::Array(Some(replies)) = run(&mut server, "EXEC") else {
            panic!("EXEC gives an array");
        };
        assert_eq!(replies[0], Reply::bulks([b"f".to_vec(), b"v".to_vec()]));
        assert_eq!(
            replies[2],
            Reply::Map(vec![(Reply::bulk(b"f"), Reply::bulk(b"v"))])
        );
    }

    /// redis-cli answers `quit` itself, so no golden file can send QUIT; RESET's return to
    /// RESP2 does not show in redis-cli's text either.
    #[test]
    fn reset_and_quit_leave_the_state_of_a_new_connection() {
        let mut server = Server::new(0);
        for (line, answer) in [
            ("QUIT", Reply::ok()),
            ("RESET", Reply::Status(b"RESET".to_vec())),
        ] {
            run(&mut server, "HSET h f v");
            run(&mut server, "SELECT 5");
            run(&mut server, "HELLO 3");
            run(&mut server, "WATCH h");
            run(&mut server, "MULTI");
            assert_eq!(run(&mut server, line), answer);
            assert_eq!(
                run(&mut server, "HGETALL h"),
                Reply::bulks([b"f".to_vec(), b"v".to_vec()]),
                "after {line}: RESP2 and database 0"
            );
            assert_eq!(
                run(&mut server, "EXEC"),
                Reply::error("ERR EXEC without MULTI")
            );
            assert!(!server.keyspace.watch.is_armed(), "after {line}");
        }
    }

    #[test]
    fn short_memory_refuses_queueing_and_an_exec_of_denyoom_commands() {
        let mut server = Server::new(0);
        run(&mut server, "SET data held");
        run(&mut server, "MULTI");
        assert_eq!(run(&mut server, "SET k v"), Reply::Status(QUEUED.to_vec()));
        server.keyspace.memory_limit = 0;
        assert_eq!(run(&mut server, "GET k"), Reply::error(OOM));
        assert_eq!(run(&mut server, "MULTI"), Reply::error(OOM));
        let abort = format!("EXECABORT Transaction discarded because of: {OOM}");
        assert_eq!(run(&mut server, "EXEC"), Reply::error(&abort));
        assert_eq!(
            run(&mut server, "EXEC"),
            Reply::error("ERR EXEC without MULTI")
        );
    }

    #[test]
    fn the_queue_counts_against_the_memory_limit() {
        let mut server = Server::new(0);
        server.keyspace.memory_limit = 1000;
        run(&mut server, "MULTI");
        let queued = Reply::Status(QUEUED.to_vec());
        let refused = (0..100).find(|_| run(&mut server, "SET key value") != queued);
        assert!(refused.is_some_and(|n| n > 10));
        assert_eq!(run(&mut server, "SET key value"), Reply::error(OOM));
        assert_eq!(run(&mut server, "DISCARD"), Reply::ok());
        assert_eq!(run(&mut server, "PING"), Reply::Status(b"PONG".to_vec()));
    }

    #[test]
    fn a_watched_key_that_expires_before_exec_fails_it() {
        let mut server = Server::new(1_000);
        run(&mut server, "SET k v PX 100");
        run(&mut server, "WATCH k");
        server.keyspace.now += 100;
        run(&mut server, "MULTI");
        assert_eq!(run(&mut server, "EXEC"), Reply::Array(None));
        run(&mut server, "SET k v PX 100");
        server.keyspace.now += 100;
        run(&mut server, "WATCH k");
        run(&mut server, "MULTI");
        assert_eq!(run(&mut server, "EXEC"), Reply::Array(Some(Vec::new())));
    }

    /// What redis-server 7.0.15 answers (checked with its active expiry off) when the key was
    /// already expired when watched: only a command that creates it again counts.
    #[test]
    fn a_key_expired_when_watched_counts_only_when_made_again() {
        let cases: &[(&[&str], bool)] = &[
            (&[], false),
            (&["SET k x"], true),
            (&["GET k"], false),
            (&["LPUSHX k a"], false),
            (&["FLUSHDB"], false),
            (&["DEL k"], false),
            (&["GET k", "SET k y"], true),
            (&["SET o 1", "SWAPDB 0 1"], false),
            (&["SELECT 1", "SET k 1", "SELECT 0", "SWAPDB 0 1"], true),
        ];
        for (commands, fails) in cases {
            let mut server = Server::new(1_000);
            run(&mut server, "SET k v PX 20");
            server.keyspace.now += 100;
            run(&mut server, "WATCH k");
            for line in *commands {
                run(&mut server, line);
            }
            run(&mut server, "MULTI");
            let failed = run(&mut server, "EXEC") == Reply::Array(None);
            assert_eq!(failed, *fails, "{commands:?}");
        }
    }
}
