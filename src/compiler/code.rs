//! The code generator (lcode.c's job): emits instructions into a `FuncState` exactly as 5.1's
//! single pass does — registers reserved and freed in stack order, constants shared, jumps
//! threaded into lists and patched when their target is known, TEST turned into TESTSET when a
//! jump must also deliver a value, LOADNIL merged with its predecessor, numerals folded.

use super::expr::{BinOp, ExpDesc, ExpKind, JumpList, UnOp};
use super::function::{is_test, CodeError, CodeResult, FuncState, MAX_REGISTERS};
use super::opcode::{
    encode_abc, encode_abx, encode_asbx, fields, opcode_of, with_a, with_b, with_c, with_sbx,
    OpCode, MAX_SBX, RK_CONSTANT,
};
use super::proto::Constant;

/// `LUA_MULTRET`: "all results" where a result count is expected.
pub const MULTIPLE_RETURNS: i32 = -1;
/// The A operand of a TESTSET whose target register is not known yet (`NO_REG`).
const NO_REGISTER: u32 = 255;
/// Constants above this index do not fit an RK operand (`MAXINDEXRK`).
const MAX_RK_INDEX: u32 = RK_CONSTANT - 1;
/// The largest C operand; SETLIST puts larger batch numbers in an extra word.
const MAX_C: i64 = 511;

impl FuncState {
    /// `luaK_code`: appends `word`, first resolving the jumps waiting for this pc.
    fn emit(&mut self, word: u32) -> CodeResult<usize> {
        self.discharge_pending_jumps()?;
        self.code.push(word);
        self.line_info.push(self.line);
        Ok(self.pc() - 1)
    }

    pub fn code_abc(&mut self, op: OpCode, a: u32, b: u32, c: u32) -> CodeResult<usize> {
        self.emit(encode_abc(op, a, b, c))
    }

    pub fn code_abx(&mut self, op: OpCode, a: u32, bx: u32) -> CodeResult<usize> {
        self.emit(encode_abx(op, a, bx))
    }

    pub fn code_asbx(&mut self, op: OpCode, a: u32, sbx: i32) -> CodeResult<usize> {
        self.emit(encode_asbx(op, a, sbx))
    }

    /// `luaK_fixline`: attributes the last instruction to `line`.
    pub fn fix_line(&mut self, line: i32) {
        if let Some(last) = self.line_info.last_mut() {
            *last = line;
        }
    }

    fn update(&mut self, pc: usize, change: impl FnOnce(u32) -> u32) {
        let word = self.instruction(pc);
        self.set_instruction(pc, change(word));
    }

    /// `luaK_nil`: sets `n` registers from `from` to nil, extending a LOADNIL just before
    /// when no jump lands between them, and emitting nothing for fresh registers at the start.
    pub fn load_nil(&mut self, from: u32, n: u32) -> CodeResult<()> {
        let pc = self.pc();
        if self.last_target.is_none_or(|target| pc > target) {
            if pc == 0 {
                if from >= self.active_locals {
                    return Ok(());
                }
            } else {
                let previous = self.instruction(pc - 1);
                if opcode_of(previous) == Some(OpCode::LoadNil) {
                    let f = fields(previous);
                    if f.a <= from && from <= f.b + 1 {
                        if from + n - 1 > f.b {
                            self.set_instruction(pc - 1, with_b(previous, from + n - 1));
                        }
                        return Ok(());
                    }
                }
            }
        }
        self.code_abc(OpCode::LoadNil, from, from + n - 1, 0)?;
        Ok(())
    }

    /// `luaK_jump`: an unconditional jump, carrying along the jumps that were waiting for
    /// this pc (they now go wherever it goes).
    pub fn jump(&mut self) -> CodeResult<usize> {
        let waiting = self.pending_jumps.take();
        let j = self.code_asbx(OpCode::Jmp, 0, -1)?;
        self.concat(Some(j), waiting)?;
        Ok(j)
    }

    /// `luaK_ret`: RETURN of `count` values from `first` (`MULTIPLE_RETURNS` for up to top).
    pub fn ret(&mut self, first: u32, count: i32) -> CodeResult<()> {
        self.code_abc(OpCode::Return, first, (count + 1) as u32, 0)?;
        Ok(())
    }

    fn cond_jump(&mut self, op: OpCode, a: u32, b: u32, c: u32) -> CodeResult<usize> {
        self.code_abc(op, a, b, c)?;
        self.jump()
    }

    fn fix_jump(&mut self, pc: usize, dest: usize) -> CodeResult<()> {
        let offset = dest as i64 - (pc as i64 + 1);
        if offset.abs() > MAX_SBX as i64 {
            return Err(CodeError::NearToken("control structure too long"));
        }
        self.update(pc, |word| with_sbx(word, offset as i32));
        Ok(())
    }

    /// `luaK_getlabel`: the current pc, marked as a jump target so nothing merges across it.
    pub fn label(&mut self) -> usize {
        self.last_target = Some(self.pc());
        self.pc()
    }

    /// The next jump of the list that `pc` is in.
    fn next_jump(&self, pc: usize) -> JumpList {
        let offset = fields(self.instruction(pc)).sbx;
        if offset == -1 {
            None
        } else {
            usize::try_from(pc as i64 + 1 + offset as i64).ok()
        }
    }

    /// The instruction deciding whether the jump at `pc` is taken: its test, if it has one.
    fn jump_control(&self, pc: usize) -> usize {
        if pc >= 1 && is_test(opcode_of(self.instruction(pc - 1))) {
            pc - 1
        } else {
            pc
        }
    }

    /// Whether some jump of `list` does not carry a value (is not a TESTSET).
    fn need_value(&self, mut list: JumpList) -> bool {
        while let Some(pc) = list {
            let control = self.instruction(self.jump_control(pc));
            if opcode_of(control) != Some(OpCode::TestSet) {
                return true;
            }
            list = self.next_jump(pc);
        }
        false
    }

    /// Makes the TESTSET controlling `node` deliver its value to `reg`, or turns it into a
    /// plain TEST when no value is wanted or it is already there. False if it is no TESTSET.
    fn patch_test_register(&mut self, node: usize, reg: Option<u32>) -> bool {
        let at = self.jump_control(node);
        let word = self.instruction(at);
        if opcode_of(word) != Some(OpCode::TestSet) {
            return false;
        }
        let f = fields(word);
        match reg {
            Some(reg) if reg != f.b => self.set_instruction(at, with_a(word, reg)),
            _ => self.set_instruction(at, encode_abc(OpCode::Test, f.b, 0, f.c)),
        }
        true
    }

    fn remove_values(&mut self, mut list: JumpList) {
        while let Some(pc) = list {
            self.patch_test_register(pc, None);
            list = self.next_jump(pc);
        }
    }

    /// Points every jump of `list` at `value_target` if it delivers a value into `reg`, at
    /// `default_target` otherwise.
    fn patch_list_to(
        &mut self,
        mut list: JumpList,
        value_target: usize,
        reg: Option<u32>,
        default_target: usize,
    ) -> CodeResult<()> {
        while let Some(pc) = list {
            let next = self.next_jump(pc);
            if self.patch_test_register(pc, reg) {
                self.fix_jump(pc, value_target)?;
            } else {
                self.fix_jump(pc, default_target)?;
            }
            list = next;
        }
        Ok(())
    }

    fn discharge_pending_jumps(&mut self) -> CodeResult<()> {
        let list = self.pending_jumps.take();
        let pc = self.pc();
        self.patch_list_to(list, pc, None, pc)
    }

    /// `luaK_patchlist`: points `list` at `target` (the current pc or an earlier one).
    pub fn patch_list(&mut self, list: JumpList, target: usize) -> CodeResult<()> {
        if target == self.pc() {
            self.patch_to_here(list)
        } else {
            self.patch_list_to(list, target, None, target)
        }
    }

    /// `luaK_patchtohere`: `list` jumps to the next instruction emitted.
    pub fn patch_to_here(&mut self, list: JumpList) -> CodeResult<()> {
        self.label();
        let pending = self.pending_jumps;
        self.pending_jumps = self.concat(pending, list)?;
        Ok(())
    }

    /// `luaK_concat`: the list `first` followed by `second`.
    pub fn concat(&mut self, first: JumpList, second: JumpList) -> CodeResult<JumpList> {
        let Some(second_head) = second else {
            return Ok(first);
        };
        let Some(mut last) = first else {
            return Ok(second);
        };
        while let Some(next) = self.next_jump(last) {
            last = next;
        }
        self.fix_jump(last, second_head)?;
        Ok(first)
    }

    /// `luaK_checkstack`: makes room for `n` more registers.
    pub fn check_stack(&mut self, n: u32) -> CodeResult<()> {
        let needed = self.free_reg + n;
        if needed > self.max_stack_size {
            if needed >= MAX_REGISTERS {
                return Err(CodeError::NearToken("function or expression too complex"));
            }
            self.max_stack_size = needed;
        }
        Ok(())
    }

    pub fn reserve_registers(&mut self, n: u32) -> CodeResult<()> {
        self.check_stack(n)?;
        self.free_reg += n;
        Ok(())
    }

    /// Frees `reg` if it is a temporary (not a constant, not a local).
    fn free_register(&mut self, reg: u32) {
        if reg & RK_CONSTANT == 0 && reg >= self.active_locals {
            self.free_reg = self.free_reg.saturating_sub(1);
        }
    }

    fn free_expression(&mut self, e: &ExpDesc) {
        if let ExpKind::Register(reg) = e.kind {
            self.free_register(reg);
        }
    }

    /// `luaK_setreturns`: an open call or `...` gives `count` results.
    pub fn set_returns(&mut self, e: &mut ExpDesc, count: i32) -> CodeResult<()> {
        match e.kind {
            ExpKind::Call(pc) => self.update(pc, |w| with_c(w, (count + 1) as u32)),
            ExpKind::VarArg(pc) => {
                let free = self.free_reg;
                self.update(pc, |w| with_a(with_b(w, (count + 1) as u32), free));
                self.reserve_registers(1)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// `luaK_setoneret`: an open call or `...` gives exactly one result.
    pub fn set_one_return(&mut self, e: &mut ExpDesc) {
        match e.kind {
            ExpKind::Call(pc) => e.kind = ExpKind::Register(fields(self.instruction(pc)).a),
            ExpKind::VarArg(pc) => {
                self.update(pc, |w| with_b(w, 2));
                e.kind = ExpKind::Relocatable(pc);
            }
            _ => {}
        }
    }

    /// `luaK_dischargevars`: a variable becomes a value (a register or an open instruction).
    pub fn discharge_vars(&mut self, e: &mut ExpDesc) -> CodeResult<()> {
        match e.kind {
            ExpKind::Local(reg) => e.kind = ExpKind::Register(reg),
            ExpKind::Upvalue(index) => {
                e.kind = ExpKind::Relocatable(self.code_abc(OpCode::GetUpval, 0, index, 0)?);
            }
            ExpKind::Global(name) => {
                e.kind = ExpKind::Relocatable(self.code_abx(OpCode::GetGlobal, 0, name)?);
            }
            ExpKind::Indexed { table, key } => {
                self.free_register(key);
                self.free_register(table);
                e.kind = ExpKind::Relocatable(self.code_abc(OpCode::GetTable, 0, table, key)?);
            }
            ExpKind::Call(_) | ExpKind::VarArg(_) => self.set_one_return(e),
            _ => {}
        }
        Ok(())
    }

    fn code_label(&mut self, a: u32, b: u32, jump: u32) -> CodeResult<usize> {
        self.label();
        self.code_abc(OpCode::LoadBool, a, b, jump)
    }

    /// `discharge2reg`: puts the value of `e` (jumps aside) into `reg`.
    fn discharge_to_register(&mut self, e: &mut ExpDesc, reg: u32) -> CodeResult<()> {
        self.discharge_vars(e)?;
        match e.kind {
            ExpKind::Nil => self.load_nil(reg, 1)?,
            ExpKind::True | ExpKind::False => {
                let value = u32::from(e.kind == ExpKind::True);
                self.code_abc(OpCode::LoadBool, reg, value, 0)?;
            }
            ExpKind::Constant(k) => {
                self.code_abx(OpCode::LoadK, reg, k)?;
            }
            ExpKind::Number(n) => {
                let k = self.number_constant(n)?;
                self.code_abx(OpCode::LoadK, reg, k)?;
            }
            ExpKind::Relocatable(pc) => self.update(pc, |w| with_a(w, reg)),
            ExpKind::Register(source) => {
                if source != reg {
                    self.code_abc(OpCode::Move, reg, source, 0)?;
                }
            }
            _ => return Ok(()),
        }
        e.kind = ExpKind::Register(reg);
        Ok(())
    }

    fn discharge_to_any_register(&mut self, e: &mut ExpDesc) -> CodeResult<()> {
        if !matches!(e.kind, ExpKind::Register(_)) {
            self.reserve_registers(1)?;
            self.discharge_to_register(e, self.free_reg - 1)?;
        }
        Ok(())
    }

    /// `exp2reg`: the whole value of `e`, jumps included, into `reg`. Jumps that yield a
    /// boolean rather than a value get LOADBOOL landing pads.
    fn exp_to_register(&mut self, e: &mut ExpDesc, reg: u32) -> CodeResult<()> {
        self.discharge_to_register(e, reg)?;
        if let ExpKind::Jump(pc) = e.kind {
            e.t = self.concat(e.t, Some(pc))?;
        }
        if e.has_jumps() {
            let mut load_false = None;
            let mut load_true = None;
            if self.need_value(e.t) || self.need_value(e.f) {
                let skip = match e.kind {
                    ExpKind::Jump(_) => None,
                    _ => Some(self.jump()?),
                };
                load_false = Some(self.code_label(reg, 0, 1)?);
                load_true = Some(self.code_label(reg, 1, 0)?);
                self.patch_to_here(skip)?;
            }
            let end = self.label();
            self.patch_list_to(e.f, end, Some(reg), load_false.unwrap_or(end))?;
            self.patch_list_to(e.t, end, Some(reg), load_true.unwrap_or(end))?;
        }
        *e = ExpDesc::new(ExpKind::Register(reg));
        Ok(())
    }

    /// `luaK_exp2nextreg`: `e` into the next free register.
    pub fn exp_to_next_register(&mut self, e: &mut ExpDesc) -> CodeResult<()> {
        self.discharge_vars(e)?;
        self.free_expression(e);
        self.reserve_registers(1)?;
        self.exp_to_register(e, self.free_reg - 1)
    }

    /// `luaK_exp2anyreg`: `e` into some register (where it is, if it already is in one).
    pub fn exp_to_any_register(&mut self, e: &mut ExpDesc) -> CodeResult<u32> {
        self.discharge_vars(e)?;
        if let ExpKind::Register(reg) = e.kind {
            if !e.has_jumps() {
                return Ok(reg);
            }
            if reg >= self.active_locals {
                self.exp_to_register(e, reg)?;
                return Ok(reg);
            }
        }
        self.exp_to_next_register(e)?;
        Ok(e.register())
    }

    /// `luaK_exp2val`: `e` as a value (a register only if it has jumps).
    pub fn exp_to_value(&mut self, e: &mut ExpDesc) -> CodeResult<()> {
        if e.has_jumps() {
            self.exp_to_any_register(e)?;
            Ok(())
        } else {
            self.discharge_vars(e)
        }
    }

    /// `luaK_exp2RK`: `e` as an RK operand — a constant index when it fits, else a register.
    pub fn exp_to_rk(&mut self, e: &mut ExpDesc) -> CodeResult<u32> {
        self.exp_to_value(e)?;
        match e.kind {
            ExpKind::Number(_) | ExpKind::True | ExpKind::False | ExpKind::Nil
                if self.constants.len() as u32 <= MAX_RK_INDEX =>
            {
                let constant = match e.kind {
                    ExpKind::Number(n) => Constant::Number(n),
                    ExpKind::True => Constant::Boolean(true),
                    ExpKind::False => Constant::Boolean(false),
                    _ => Constant::Nil,
                };
                let k = self.add_constant(constant)?;
                e.kind = ExpKind::Constant(k);
                return Ok(k | RK_CONSTANT);
            }
            ExpKind::Constant(k) if k <= MAX_RK_INDEX => return Ok(k | RK_CONSTANT),
            _ => {}
        }
        self.exp_to_any_register(e)
    }

    /// `luaK_storevar`: assigns `value` to the variable `var`.
    pub fn store_var(&mut self, var: &ExpDesc, value: &mut ExpDesc) -> CodeResult<()> {
        match var.kind {
            ExpKind::Local(reg) => {
                self.free_expression(value);
                return self.exp_to_register(value, reg);
            }
            ExpKind::Upvalue(index) => {
                let source = self.exp_to_any_register(value)?;
                self.code_abc(OpCode::SetUpval, source, index, 0)?;
            }
            ExpKind::Global(name) => {
                let source = self.exp_to_any_register(value)?;
                self.code_abx(OpCode::SetGlobal, source, name)?;
            }
            ExpKind::Indexed { table, key } => {
                let source = self.exp_to_rk(value)?;
                self.code_abc(OpCode::SetTable, table, key, source)?;
            }
            _ => {}
        }
        self.free_expression(value);
        Ok(())
    }

    /// `luaK_self`: `e:key` — SELF puts the method and the object in two fresh registers.
    pub fn method(&mut self, e: &mut ExpDesc, key: &mut ExpDesc) -> CodeResult<()> {
        self.exp_to_any_register(e)?;
        self.free_expression(e);
        let base = self.free_reg;
        self.reserve_registers(2)?;
        let key_rk = self.exp_to_rk(key)?;
        self.code_abc(OpCode::SelfOp, base, e.register(), key_rk)?;
        self.free_expression(key);
        e.kind = ExpKind::Register(base);
        Ok(())
    }

    fn invert_jump(&mut self, pc: usize) {
        let at = self.jump_control(pc);
        self.update(at, |w| with_a(w, u32::from(fields(w).a == 0)));
    }

    /// A jump taken when `e` is `cond` (a NOT just emitted is folded into the test).
    fn jump_on_condition(&mut self, e: &mut ExpDesc, cond: bool) -> CodeResult<usize> {
        if let ExpKind::Relocatable(pc) = e.kind {
            let word = self.instruction(pc);
            if opcode_of(word) == Some(OpCode::Not) {
                self.code.pop();
                self.line_info.pop();
                return self.cond_jump(OpCode::Test, fields(word).b, 0, u32::from(!cond));
            }
        }
        self.discharge_to_any_register(e)?;
        self.free_expression(e);
        self.cond_jump(OpCode::TestSet, NO_REGISTER, e.register(), u32::from(cond))
    }

    /// `luaK_goiftrue`: falls through when `e` is true, jumps (via its false list) otherwise.
    pub fn go_if_true(&mut self, e: &mut ExpDesc) -> CodeResult<()> {
        self.discharge_vars(e)?;
        let jump = match e.kind {
            ExpKind::Constant(_) | ExpKind::Number(_) | ExpKind::True => None,
            ExpKind::Jump(pc) => {
                self.invert_jump(pc);
                Some(pc)
            }
            _ => Some(self.jump_on_condition(e, false)?),
        };
        e.f = self.concat(e.f, jump)?;
        self.patch_to_here(e.t)?;
        e.t = None;
        Ok(())
    }

    /// `luaK_goiffalse`: falls through when `e` is false, jumps (via its true list) otherwise.
    fn go_if_false(&mut self, e: &mut ExpDesc) -> CodeResult<()> {
        self.discharge_vars(e)?;
        let jump = match e.kind {
            ExpKind::Nil | ExpKind::False => None,
            ExpKind::Jump(pc) => Some(pc),
            _ => Some(self.jump_on_condition(e, true)?),
        };
        e.t = self.concat(e.t, jump)?;
        self.patch_to_here(e.f)?;
        e.f = None;
        Ok(())
    }

    fn code_not(&mut self, e: &mut ExpDesc) -> CodeResult<()> {
        self.discharge_vars(e)?;
        match e.kind {
            ExpKind::Nil | ExpKind::False => e.kind = ExpKind::True,
            ExpKind::Constant(_) | ExpKind::Number(_) | ExpKind::True => e.kind = ExpKind::False,
            ExpKind::Jump(pc) => self.invert_jump(pc),
            ExpKind::Relocatable(_) | ExpKind::Register(_) => {
                self.discharge_to_any_register(e)?;
                self.free_expression(e);
                e.kind = ExpKind::Relocatable(self.code_abc(OpCode::Not, 0, e.register(), 0)?);
            }
            _ => {}
        }
        std::mem::swap(&mut e.t, &mut e.f);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }

    /// `luaK_indexed`: `t[k]`, `t` being in a register already.
    pub fn indexed(&mut self, t: &mut ExpDesc, k: &mut ExpDesc) -> CodeResult<()> {
        let key = self.exp_to_rk(k)?;
        t.kind = ExpKind::Indexed {
            table: t.register(),
            key,
        };
        Ok(())
    }

    fn code_arith(&mut self, op: OpCode, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CodeResult<()> {
        if let Some(folded) = fold(op, e1, e2) {
            e1.kind = ExpKind::Number(folded);
            return Ok(());
        }
        let o2 = if op != OpCode::Unm && op != OpCode::Len {
            self.exp_to_rk(e2)?
        } else {
            0
        };
        let o1 = self.exp_to_rk(e1)?;
        if o1 > o2 {
            self.free_expression(e1);
            self.free_expression(e2);
        } else {
            self.free_expression(e2);
            self.free_expression(e1);
        }
        e1.kind = ExpKind::Relocatable(self.code_abc(op, 0, o1, o2)?);
        Ok(())
    }

    /// A comparison: `>` and `>=` become `<` and `<=` with swapped operands.
    fn code_comparison(
        &mut self,
        op: OpCode,
        cond: bool,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
    ) -> CodeResult<()> {
        let mut o1 = self.exp_to_rk(e1)?;
        let mut o2 = self.exp_to_rk(e2)?;
        self.free_expression(e2);
        self.free_expression(e1);
        let mut cond = cond;
        if !cond && op != OpCode::Eq {
            std::mem::swap(&mut o1, &mut o2);
            cond = true;
        }
        e1.kind = ExpKind::Jump(self.cond_jump(op, u32::from(cond), o1, o2)?);
        Ok(())
    }

    /// `luaK_prefix`: applies a unary operator.
    pub fn prefix(&mut self, op: UnOp, e: &mut ExpDesc) -> CodeResult<()> {
        let mut zero = ExpDesc::new(ExpKind::Number(0.0));
        match op {
            UnOp::Minus => {
                if e.numeral().is_none() {
                    self.exp_to_any_register(e)?;
                }
                self.code_arith(OpCode::Unm, e, &mut zero)
            }
            UnOp::Not => self.code_not(e),
            UnOp::Len => {
                self.exp_to_any_register(e)?;
                self.code_arith(OpCode::Len, e, &mut zero)
            }
        }
    }

    /// `luaK_infix`: prepares the left operand before the right one is parsed.
    pub fn infix(&mut self, op: BinOp, v: &mut ExpDesc) -> CodeResult<()> {
        match op {
            BinOp::And => self.go_if_true(v),
            BinOp::Or => self.go_if_false(v),
            BinOp::Concat => self.exp_to_next_register(v),
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Pow => {
                if v.numeral().is_none() {
                    self.exp_to_rk(v)?;
                }
                Ok(())
            }
            _ => {
                self.exp_to_rk(v)?;
                Ok(())
            }
        }
    }

    /// `luaK_posfix`: combines both operands of a binary operator into `e1`.
    pub fn postfix(&mut self, op: BinOp, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CodeResult<()> {
        match op {
            BinOp::And => {
                self.discharge_vars(e2)?;
                e2.f = self.concat(e2.f, e1.f)?;
                *e1 = *e2;
                Ok(())
            }
            BinOp::Or => {
                self.discharge_vars(e2)?;
                e2.t = self.concat(e2.t, e1.t)?;
                *e1 = *e2;
                Ok(())
            }
            BinOp::Concat => {
                self.exp_to_value(e2)?;
                match e2.kind {
                    ExpKind::Relocatable(pc)
                        if opcode_of(self.instruction(pc)) == Some(OpCode::Concat) =>
                    {
                        // `a .. b .. c` is right associative: widen the inner CONCAT.
                        self.free_expression(e1);
                        let first = e1.register();
                        self.update(pc, |w| with_b(w, first));
                        e1.kind = ExpKind::Relocatable(pc);
                        Ok(())
                    }
                    _ => {
                        self.exp_to_next_register(e2)?;
                        self.code_arith(OpCode::Concat, e1, e2)
                    }
                }
            }
            BinOp::Add => self.code_arith(OpCode::Add, e1, e2),
            BinOp::Sub => self.code_arith(OpCode::Sub, e1, e2),
            BinOp::Mul => self.code_arith(OpCode::Mul, e1, e2),
            BinOp::Div => self.code_arith(OpCode::Div, e1, e2),
            BinOp::Mod => self.code_arith(OpCode::Mod, e1, e2),
            BinOp::Pow => self.code_arith(OpCode::Pow, e1, e2),
            BinOp::Eq => self.code_comparison(OpCode::Eq, true, e1, e2),
            BinOp::Ne => self.code_comparison(OpCode::Eq, false, e1, e2),
            BinOp::Lt => self.code_comparison(OpCode::Lt, true, e1, e2),
            BinOp::Le => self.code_comparison(OpCode::Le, true, e1, e2),
            BinOp::Gt => self.code_comparison(OpCode::Lt, false, e1, e2),
            BinOp::Ge => self.code_comparison(OpCode::Le, false, e1, e2),
        }
    }

    /// `luaK_setlist`: stores the pending list items of a constructor (`count` of them, or up
    /// to the top), item `items` being the last so far.
    pub fn set_list(&mut self, base: u32, items: u32, count: i32) -> CodeResult<()> {
        let batch = (items as i64 - 1) / super::opcode::FIELDS_PER_FLUSH as i64 + 1;
        let b = if count == MULTIPLE_RETURNS {
            0
        } else {
            count as u32
        };
        if batch <= MAX_C {
            self.code_abc(OpCode::SetList, base, b, batch as u32)?;
        } else {
            self.code_abc(OpCode::SetList, base, b, 0)?;
            self.emit(batch as u32)?;
        }
        self.free_reg = base + 1;
        Ok(())
    }
}

/// `constfolding`: the value of `op` on two numerals, unless it would divide by zero or give
/// NaN (5.1 leaves those to run time).
fn fold(op: OpCode, e1: &ExpDesc, e2: &ExpDesc) -> Option<f64> {
    let (a, b) = (e1.numeral()?, e2.numeral()?);
    let r = match op {
        OpCode::Add => a + b,
        OpCode::Sub => a - b,
        OpCode::Mul => a * b,
        OpCode::Div if b != 0.0 => a / b,
        OpCode::Mod if b != 0.0 => a - (a / b).floor() * b,
        OpCode::Pow => a.powf(b),
        OpCode::Unm => -a,
        _ => return None,
    };
    (!r.is_nan()).then_some(r)
}
