//! Our commands, beyond Redis's: `stepi` (one VM instruction), `finish` (until the function
//! returns), `back` (to the previous stop), `regs` (the registers of the paused function, named
//! by the locals live at its pc) and `bytecode` (its code as `luac5.1 -l` lists it, the
//! instruction about to run marked `->`). Redis answers these words as unknown commands.

use super::{console, Resume, Session};
use crate::compiler::listing::listing;
use crate::compiler::symbolic::local_name;
use crate::vm::state::Vm;

impl Session<'_> {
    /// Carries out one of our commands: None when `argv` is not one; Some(Some) when it
    /// resumes the script.
    pub(super) fn extra_command(
        &mut self,
        vm: &mut Vm,
        argv: &[Vec<u8>],
    ) -> Option<Option<Resume>> {
        let name = argv.first()?.to_ascii_lowercase();
        match name.as_slice() {
            b"stepi" => {
                self.single_step = true;
                Some(Some(Resume::Run))
            }
            b"finish" => {
                self.finish_depth = Some(vm.thread.frames.len());
                Some(Some(Resume::Run))
            }
            b"back" if self.stops.len() > 1 => Some(Some(Resume::Back)),
            b"back" => {
                self.log(vm, b"<error> There is no stop before this one.".to_vec());
                Some(None)
            }
            b"regs" => {
                self.registers(vm);
                Some(None)
            }
            b"bytecode" => {
                self.bytecode(vm);
                Some(None)
            }
            _ => None,
        }
    }

    /// `regs`: each register of the paused function, with the local it holds if any.
    fn registers(&mut self, vm: &mut Vm) {
        let Some(frame) = vm.thread.frames.last() else {
            return;
        };
        let proto = frame.proto.proto.clone();
        let base = frame.base;
        let pc = frame.pc;
        for r in 0..usize::from(proto.max_stack_size) {
            let value = vm.thread.stack.get(base + r).copied().unwrap_or_default();
            let mut prefix = format!("<value> R{r} ").into_bytes();
            if let Some(name) = local_name(&proto, r as u32 + 1, pc) {
                prefix.extend_from_slice(name);
                prefix.push(b' ');
            }
            prefix.extend_from_slice(b"= ");
            self.log_value(vm, &prefix, value);
        }
    }

    /// `bytecode`: the paused function's listing, its current instruction marked.
    fn bytecode(&mut self, vm: &mut Vm) {
        let Some(frame) = vm.thread.frames.last() else {
            return;
        };
        let proto = frame.proto.proto.clone();
        let current = frame.pc + 1;
        let text = listing(&proto, false);
        // The paused function comes first; its children follow after a blank line.
        let own = text
            .split(|&b| b == b'\n')
            .skip_while(|line| line.is_empty())
            .take_while(|line| !line.is_empty());
        let lines: Vec<Vec<u8>> = own.map(|line| marked(line, current)).collect();
        for line in lines {
            self.log(vm, line);
        }
    }

    /// The instruction about to run, as `bytecode` lists it.
    pub(super) fn log_instruction(&mut self, vm: &mut Vm) {
        let Some(frame) = vm.thread.frames.last() else {
            return;
        };
        let proto = frame.proto.proto.clone();
        let current = frame.pc + 1;
        let prefix = format!("\t{current}\t").into_bytes();
        let text = listing(&proto, false);
        let row = text
            .split(|&b| b == b'\n')
            .find(|line| line.starts_with(&prefix))
            .map(|line| marked(line, current));
        if let Some(row) = row {
            if let Some(console) = console(vm) {
                console.log(row);
            }
        }
    }
}

/// A listing line, `->` before the instruction numbered `current` (from 1), three spaces
/// before the others.
fn marked(line: &[u8], current: usize) -> Vec<u8> {
    let Some(rest) = line.strip_prefix(b"\t") else {
        return line.to_vec();
    };
    let number = rest.split(|&b| b == b'\t').next().unwrap_or(&[]);
    let mark: &[u8] = if number == current.to_string().as_bytes() {
        b"-> "
    } else {
        b"   "
    };
    [mark, rest].concat()
}
