//! The parser (lparser.c's job): Lua 5.1's grammar, read in one pass with one token of
//! lookahead, driving the code generator as it goes — scopes and local variables, upvalue
//! resolution across nested functions, statements and expressions, and the syntax errors with
//! lua5.1's exact wording. Nesting is bounded (200 syntax levels, as 5.1 counts them), so the
//! recursion here stays shallow enough for the wasm stack.

use super::code::MULTIPLE_RETURNS;
use super::expr::{BinOp, ExpDesc, ExpKind, JumpList, UnOp, UNARY_PRIORITY};
use super::function::{CodeError, CodeResult, FuncState};
use super::lexer::{Lexer, Token};
use super::opcode::{int_to_fb, with_b, with_c, with_op, OpCode, FIELDS_PER_FLUSH};
use super::proto::{Proto, VARARG_HAS_ARG, VARARG_IS_VARARG, VARARG_NEEDS_ARG};
use super::{chunk_id, SyntaxError, COMPILE_ID_SIZE};
use std::rc::Rc;

/// The most nested calls and syntax levels together (`LUAI_MAXCCALLS`).
pub const MAX_C_CALLS: u32 = 200;

/// Compiles the Lua source `source` of the chunk called `name` (`@file`, `=name` or the text
/// itself) into its main function. `c_calls` is how deep in C-level calls the loader runs,
/// which 5.1 counts against the same limit as syntax nesting (1 for a standalone script).
pub fn compile(source: &[u8], name: &[u8], c_calls: u32) -> Result<Rc<Proto>, SyntaxError> {
    let name: Rc<[u8]> = Rc::from(name);
    let mut parser = Parser {
        lexer: Lexer::new(source, chunk_id(&name, COMPILE_ID_SIZE)),
        current: Token::Eof,
        lookahead: None,
        last_line: 1,
        fs: FuncState::new(name.clone(), 0, 1),
        enclosing: Vec::new(),
        depth: c_calls,
    };
    parser.fs.vararg = VARARG_IS_VARARG;
    match parser.main_function() {
        Ok(proto) => Ok(Rc::new(proto)),
        Err(error) => Err(parser.describe(error)),
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    current: Token,
    lookahead: Option<Token>,
    /// The line of the last token consumed: instructions are attributed to it.
    last_line: u32,
    /// The function being compiled; `enclosing` holds the ones around it, outermost first.
    fs: FuncState,
    enclosing: Vec<FuncState>,
    /// C calls plus syntax levels entered so far.
    depth: u32,
}

fn unary_operator(token: &Token) -> Option<UnOp> {
    match token {
        Token::Not => Some(UnOp::Not),
        Token::Char(b'-') => Some(UnOp::Minus),
        Token::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

fn binary_operator(token: &Token) -> Option<BinOp> {
    Some(match token {
        Token::Char(b'+') => BinOp::Add,
        Token::Char(b'-') => BinOp::Sub,
        Token::Char(b'*') => BinOp::Mul,
        Token::Char(b'/') => BinOp::Div,
        Token::Char(b'%') => BinOp::Mod,
        Token::Char(b'^') => BinOp::Pow,
        Token::Concat => BinOp::Concat,
        Token::Ne => BinOp::Ne,
        Token::Eq => BinOp::Eq,
        Token::Char(b'<') => BinOp::Lt,
        Token::Le => BinOp::Le,
        Token::Char(b'>') => BinOp::Gt,
        Token::Ge => BinOp::Ge,
        Token::And => BinOp::And,
        Token::Or => BinOp::Or,
        _ => return None,
    })
}

/// Tokens that end a block.
fn block_follows(token: &Token) -> bool {
    matches!(
        token,
        Token::Else | Token::Elseif | Token::End | Token::Until | Token::Eof
    )
}

/// A constructor being parsed (`ConsControl`).
struct Constructor {
    table: u32,
    last_item: ExpDesc,
    hash_items: u32,
    array_items: u32,
    pending: u32,
}

impl Parser<'_> {
    /// The message of a compile error, with the lexer where the error stopped it.
    fn describe(&self, error: CodeError) -> SyntaxError {
        match error {
            CodeError::Syntax(error) => error,
            CodeError::NearToken(message) => self.lexer.error_near(message, &self.current),
            CodeError::AtLine(message) => self.lexer.error(message.as_bytes()),
            CodeError::Bare(message) => SyntaxError {
                message: message.as_bytes().to_vec(),
            },
        }
    }

    fn syntax_error(&self, message: &str) -> CodeError {
        CodeError::Syntax(self.lexer.error_near(message, &self.current))
    }

    /// `luaX_next`.
    fn next(&mut self) -> CodeResult<()> {
        self.last_line = self.lexer.line();
        self.fs.line = self.last_line as i32;
        self.current = match self.lookahead.take() {
            Some(token) => token,
            None => self.lexer.next_token()?,
        };
        Ok(())
    }

    fn peek(&mut self) -> CodeResult<&Token> {
        if self.lookahead.is_none() {
            self.lookahead = Some(self.lexer.next_token()?);
        }
        Ok(self.lookahead.as_ref().unwrap_or(&Token::Eof))
    }

    fn test_next(&mut self, token: &Token) -> CodeResult<bool> {
        if self.current == *token {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn error_expected(&self, token: &Token) -> CodeError {
        self.syntax_error(&format!("'{}' expected", token.describe()))
    }

    fn check(&self, token: &Token) -> CodeResult<()> {
        if self.current == *token {
            Ok(())
        } else {
            Err(self.error_expected(token))
        }
    }

    fn check_next(&mut self, token: &Token) -> CodeResult<()> {
        self.check(token)?;
        self.next()
    }

    /// `check_match`: the token closing `who` opened at `line`.
    fn check_match(&mut self, what: &Token, who: &Token, line: u32) -> CodeResult<()> {
        if self.test_next(what)? {
            return Ok(());
        }
        if line == self.lexer.line() {
            Err(self.error_expected(what))
        } else {
            Err(self.syntax_error(&format!(
                "'{}' expected (to close '{}' at line {line})",
                what.describe(),
                who.describe()
            )))
        }
    }

    fn check_name(&mut self) -> CodeResult<Rc<[u8]>> {
        let Token::Name(name) = &self.current else {
            return Err(self.error_expected(&Token::Name(Vec::new())));
        };
        let name = Rc::from(name.as_slice());
        self.next()?;
        Ok(name)
    }

    fn name_constant(&mut self) -> CodeResult<ExpDesc> {
        let name = self.check_name()?;
        Ok(ExpDesc::new(ExpKind::Constant(
            self.fs.string_constant(&name)?,
        )))
    }

    fn enter_level(&mut self) -> CodeResult<()> {
        self.depth += 1;
        if self.depth > MAX_C_CALLS {
            return Err(CodeError::AtLine("chunk has too many syntax levels".into()));
        }
        Ok(())
    }

    fn leave_level(&mut self) {
        self.depth -= 1;
    }

    fn main_function(&mut self) -> CodeResult<Proto> {
        self.next()?;
        self.chunk()?;
        self.check(&Token::Eof)?;
        self.fs.remove_locals(0);
        self.fs.ret(0, 0)?;
        let main = std::mem::replace(&mut self.fs, FuncState::new(Rc::from(&b""[..]), 0, 0));
        Ok(main.into_proto())
    }

    // ---- variables ------------------------------------------------------------------------

    fn function_at(&mut self, level: usize) -> &mut FuncState {
        match self.enclosing.get_mut(level) {
            Some(fs) => fs,
            None => &mut self.fs,
        }
    }

    /// `singlevaraux`: `name` as seen from the function at `level` — a local there, an upvalue
    /// reaching a local of an enclosing function, or (None) a global.
    fn resolve(&mut self, level: usize, name: &[u8], base: bool) -> CodeResult<Option<ExpKind>> {
        let fs = self.function_at(level);
        if let Some(reg) = fs.find_local(name) {
            if !base {
                fs.mark_upvalue(reg);
            }
            return Ok(Some(ExpKind::Local(reg)));
        }
        if level == 0 {
            return Ok(None);
        }
        let Some(outer) = self.resolve(level - 1, name, false)? else {
            return Ok(None);
        };
        let index = self.function_at(level).upvalue_index(name, outer)?;
        Ok(Some(ExpKind::Upvalue(index)))
    }

    fn single_var(&mut self) -> CodeResult<ExpDesc> {
        let name = self.check_name()?;
        let kind = match self.resolve(self.enclosing.len(), &name, true)? {
            Some(kind) => kind,
            None => ExpKind::Global(self.fs.string_constant(&name)?),
        };
        Ok(ExpDesc::new(kind))
    }

    /// `adjust_assign`: makes `nexps` values (the last one `e`) fill `nvars` registers.
    fn adjust_assign(&mut self, nvars: u32, nexps: u32, e: &mut ExpDesc) -> CodeResult<()> {
        let mut extra = nvars as i32 - nexps as i32;
        if e.has_multiple_results() {
            extra = (extra + 1).max(0);
            self.fs.set_returns(e, extra)?;
            if extra > 1 {
                self.fs.reserve_registers(extra as u32 - 1)?;
            }
        } else {
            if e.kind != ExpKind::Void {
                self.fs.exp_to_next_register(e)?;
            }
            if extra > 0 {
                let reg = self.fs.free_reg;
                self.fs.reserve_registers(extra as u32)?;
                self.fs.load_nil(reg, extra as u32)?;
            }
        }
        Ok(())
    }

    // ---- blocks and functions -------------------------------------------------------------

    fn leave_block(&mut self) -> CodeResult<()> {
        let Some(block) = self.fs.blocks.pop() else {
            return Ok(());
        };
        self.fs.remove_locals(block.active_locals);
        if block.has_upvalue {
            self.fs.code_abc(OpCode::Close, block.active_locals, 0, 0)?;
        }
        self.fs.free_reg = self.fs.active_locals;
        self.fs.patch_to_here(block.break_list)
    }

    fn block(&mut self) -> CodeResult<()> {
        self.fs.enter_block(false);
        self.chunk()?;
        self.leave_block()
    }

    /// `body`: a function's parameters and block; the closure is left in a register to be.
    fn body(&mut self, needs_self: bool, line: u32) -> CodeResult<ExpDesc> {
        let source = self.fs.source.clone();
        let outer = std::mem::replace(
            &mut self.fs,
            FuncState::new(source, line as i32, self.last_line as i32),
        );
        self.enclosing.push(outer);
        self.check_next(&Token::Char(b'('))?;
        if needs_self {
            self.fs.declare_local(Rc::from(&b"self"[..]), 0)?;
            self.fs.activate_locals(1);
        }
        self.parameters()?;
        self.check_next(&Token::Char(b')'))?;
        self.chunk()?;
        self.fs.last_line_defined = self.lexer.line() as i32;
        self.check_match(&Token::End, &Token::Function, line)?;
        self.fs.remove_locals(0);
        self.fs.ret(0, 0)?;
        let Some(outer) = self.enclosing.pop() else {
            return Err(CodeError::NearToken("syntax error"));
        };
        let child = std::mem::replace(&mut self.fs, outer);
        self.fs.line = self.last_line as i32;
        self.push_closure(child)
    }

    /// `pushclosure`: CLOSURE and the pseudo-instructions naming the child's upvalues.
    fn push_closure(&mut self, child: FuncState) -> CodeResult<ExpDesc> {
        if self.fs.protos.len() >= super::function::MAX_CONSTANTS {
            return Err(CodeError::Bare("constant table overflow"));
        }
        let upvalues = child.upvalues.clone();
        self.fs.protos.push(Rc::new(child.into_proto()));
        let index = self.fs.protos.len() as u32 - 1;
        let pc = self.fs.code_abx(OpCode::Closure, 0, index)?;
        for upvalue in upvalues {
            let op = if upvalue.from_local {
                OpCode::Move
            } else {
                OpCode::GetUpval
            };
            self.fs.code_abc(op, 0, upvalue.index, 0)?;
        }
        Ok(ExpDesc::new(ExpKind::Relocatable(pc)))
    }

    /// `parlist`: named parameters, then optionally `...` (with 5.1's implicit `arg`).
    fn parameters(&mut self) -> CodeResult<()> {
        let mut count = 0;
        self.fs.vararg = 0;
        if self.current != Token::Char(b')') {
            loop {
                match self.current {
                    Token::Name(_) => {
                        let name = self.check_name()?;
                        self.fs.declare_local(name, count)?;
                        count += 1;
                    }
                    Token::Dots => {
                        self.next()?;
                        self.fs.declare_local(Rc::from(&b"arg"[..]), count)?;
                        count += 1;
                        self.fs.vararg = VARARG_HAS_ARG | VARARG_NEEDS_ARG | VARARG_IS_VARARG;
                    }
                    _ => return Err(self.syntax_error("<name> or '...' expected")),
                }
                if self.fs.vararg != 0 || !self.test_next(&Token::Char(b','))? {
                    break;
                }
            }
        }
        self.fs.activate_locals(count);
        let has_arg = u32::from(self.fs.vararg & VARARG_HAS_ARG);
        self.fs.num_params = (self.fs.active_locals - has_arg) as u8;
        self.fs.reserve_registers(self.fs.active_locals)
    }

    // ---- expressions ----------------------------------------------------------------------

    /// `explist1`: one or more expressions; all but the last go to consecutive registers.
    fn expression_list(&mut self) -> CodeResult<(ExpDesc, u32)> {
        let mut count = 1;
        let mut e = self.expression()?;
        while self.test_next(&Token::Char(b','))? {
            self.fs.exp_to_next_register(&mut e)?;
            e = self.expression()?;
            count += 1;
        }
        Ok((e, count))
    }

    fn expression(&mut self) -> CodeResult<ExpDesc> {
        Ok(self.subexpression(0)?.0)
    }

    /// `subexpr`: operators binding tighter than `limit`; returns the first operator left.
    fn subexpression(&mut self, limit: u32) -> CodeResult<(ExpDesc, Option<BinOp>)> {
        self.enter_level()?;
        let mut v = match unary_operator(&self.current) {
            Some(op) => {
                self.next()?;
                let mut v = self.subexpression(UNARY_PRIORITY)?.0;
                self.fs.prefix(op, &mut v)?;
                v
            }
            None => self.simple_expression()?,
        };
        let mut op = binary_operator(&self.current);
        while let Some(binary) = op {
            let (left, right) = binary.priority();
            if left <= limit {
                break;
            }
            self.next()?;
            self.fs.infix(binary, &mut v)?;
            let (mut v2, next_op) = self.subexpression(right)?;
            self.fs.postfix(binary, &mut v, &mut v2)?;
            op = next_op;
        }
        self.leave_level();
        Ok((v, op))
    }

    fn simple_expression(&mut self) -> CodeResult<ExpDesc> {
        let e = match &self.current {
            Token::Number(n) => ExpDesc::new(ExpKind::Number(*n)),
            Token::String(s) => {
                let s = s.clone();
                ExpDesc::new(ExpKind::Constant(self.fs.string_constant(&s)?))
            }
            Token::Nil => ExpDesc::new(ExpKind::Nil),
            Token::True => ExpDesc::new(ExpKind::True),
            Token::False => ExpDesc::new(ExpKind::False),
            Token::Dots => {
                if self.fs.vararg == 0 {
                    return Err(self.syntax_error("cannot use '...' outside a vararg function"));
                }
                self.fs.vararg &= !VARARG_NEEDS_ARG;
                ExpDesc::new(ExpKind::VarArg(self.fs.code_abc(
                    OpCode::VarArg,
                    0,
                    1,
                    0,
                )?))
            }
            Token::Char(b'{') => return self.constructor(),
            Token::Function => {
                self.next()?;
                let line = self.lexer.line();
                return self.body(false, line);
            }
            _ => return self.primary_expression(),
        };
        self.next()?;
        Ok(e)
    }

    fn prefix_expression(&mut self) -> CodeResult<ExpDesc> {
        match self.current {
            Token::Char(b'(') => {
                let line = self.lexer.line();
                self.next()?;
                let mut v = self.expression()?;
                self.check_match(&Token::Char(b')'), &Token::Char(b'('), line)?;
                self.fs.discharge_vars(&mut v)?;
                Ok(v)
            }
            Token::Name(_) => self.single_var(),
            _ => Err(self.syntax_error("unexpected symbol")),
        }
    }

    /// `primaryexp`: a prefix followed by fields, indexes, method calls and calls.
    fn primary_expression(&mut self) -> CodeResult<ExpDesc> {
        let mut v = self.prefix_expression()?;
        loop {
            match self.current {
                Token::Char(b'.') => self.field(&mut v)?,
                Token::Char(b'[') => {
                    self.fs.exp_to_any_register(&mut v)?;
                    let mut key = self.index()?;
                    self.fs.indexed(&mut v, &mut key)?;
                }
                Token::Char(b':') => {
                    self.next()?;
                    let mut key = self.name_constant()?;
                    self.fs.method(&mut v, &mut key)?;
                    self.call_arguments(&mut v)?;
                }
                Token::Char(b'(' | b'{') | Token::String(_) => {
                    self.fs.exp_to_next_register(&mut v)?;
                    self.call_arguments(&mut v)?;
                }
                _ => return Ok(v),
            }
        }
    }

    /// `field`: `.name` or `:name` applied to `v`.
    fn field(&mut self, v: &mut ExpDesc) -> CodeResult<()> {
        self.fs.exp_to_any_register(v)?;
        self.next()?;
        let mut key = self.name_constant()?;
        self.fs.indexed(v, &mut key)
    }

    /// `yindex`: `[expression]`.
    fn index(&mut self) -> CodeResult<ExpDesc> {
        self.next()?;
        let mut v = self.expression()?;
        self.fs.exp_to_value(&mut v)?;
        self.check_next(&Token::Char(b']'))?;
        Ok(v)
    }

    /// `funcargs`: the arguments of a call to the function in `f`'s register, and the CALL.
    fn call_arguments(&mut self, f: &mut ExpDesc) -> CodeResult<()> {
        let line = self.lexer.line();
        let mut args = match &self.current {
            Token::Char(b'(') => {
                if line != self.last_line {
                    return Err(
                        self.syntax_error("ambiguous syntax (function call x new statement)")
                    );
                }
                self.next()?;
                let args = if self.current == Token::Char(b')') {
                    ExpDesc::new(ExpKind::Void)
                } else {
                    let mut args = self.expression_list()?.0;
                    self.fs.set_returns(&mut args, MULTIPLE_RETURNS)?;
                    args
                };
                self.check_match(&Token::Char(b')'), &Token::Char(b'('), line)?;
                args
            }
            Token::Char(b'{') => self.constructor()?,
            Token::String(s) => {
                let s = s.clone();
                let args = ExpDesc::new(ExpKind::Constant(self.fs.string_constant(&s)?));
                self.next()?;
                args
            }
            _ => return Err(self.syntax_error("function arguments expected")),
        };
        let base = f.register();
        let count = if args.has_multiple_results() {
            MULTIPLE_RETURNS
        } else {
            if args.kind != ExpKind::Void {
                self.fs.exp_to_next_register(&mut args)?;
            }
            (self.fs.free_reg - (base + 1)) as i32
        };
        let pc = self
            .fs
            .code_abc(OpCode::Call, base, (count + 1) as u32, 2)?;
        *f = ExpDesc::new(ExpKind::Call(pc));
        self.fs.fix_line(line as i32);
        self.fs.free_reg = base + 1;
        Ok(())
    }

    // ---- table constructors ---------------------------------------------------------------

    fn constructor(&mut self) -> CodeResult<ExpDesc> {
        let line = self.lexer.line();
        let pc = self.fs.code_abc(OpCode::NewTable, 0, 0, 0)?;
        let mut t = ExpDesc::new(ExpKind::Relocatable(pc));
        self.fs.exp_to_next_register(&mut t)?;
        let mut cc = Constructor {
            table: t.register(),
            last_item: ExpDesc::new(ExpKind::Void),
            hash_items: 0,
            array_items: 0,
            pending: 0,
        };
        self.check_next(&Token::Char(b'{'))?;
        loop {
            if self.current == Token::Char(b'}') {
                break;
            }
            self.close_list_field(&mut cc)?;
            match self.current {
                Token::Name(_) => {
                    if *self.peek()? != Token::Char(b'=') {
                        self.list_field(&mut cc)?;
                    } else {
                        self.record_field(&mut cc)?;
                    }
                }
                Token::Char(b'[') => self.record_field(&mut cc)?,
                _ => self.list_field(&mut cc)?,
            }
            if !(self.test_next(&Token::Char(b','))? || self.test_next(&Token::Char(b';'))?) {
                break;
            }
        }
        self.check_match(&Token::Char(b'}'), &Token::Char(b'{'), line)?;
        self.last_list_field(&mut cc)?;
        let word = self.fs.instruction(pc);
        let sized = with_c(
            with_b(word, int_to_fb(cc.array_items)),
            int_to_fb(cc.hash_items),
        );
        self.fs.set_instruction(pc, sized);
        Ok(t)
    }

    /// `recfield`: `name = value` or `[key] = value`.
    fn record_field(&mut self, cc: &mut Constructor) -> CodeResult<()> {
        let reg = self.fs.free_reg;
        let mut key = if let Token::Name(_) = self.current {
            self.name_constant()?
        } else {
            self.index()?
        };
        cc.hash_items += 1;
        self.check_next(&Token::Char(b'='))?;
        let key_rk = self.fs.exp_to_rk(&mut key)?;
        let mut value = self.expression()?;
        let value_rk = self.fs.exp_to_rk(&mut value)?;
        self.fs
            .code_abc(OpCode::SetTable, cc.table, key_rk, value_rk)?;
        self.fs.free_reg = reg;
        Ok(())
    }

    fn list_field(&mut self, cc: &mut Constructor) -> CodeResult<()> {
        cc.last_item = self.expression()?;
        cc.array_items += 1;
        cc.pending += 1;
        Ok(())
    }

    /// Puts the previous list item in its register, flushing a full batch with SETLIST.
    fn close_list_field(&mut self, cc: &mut Constructor) -> CodeResult<()> {
        if cc.last_item.kind == ExpKind::Void {
            return Ok(());
        }
        self.fs.exp_to_next_register(&mut cc.last_item)?;
        cc.last_item = ExpDesc::new(ExpKind::Void);
        if cc.pending == FIELDS_PER_FLUSH {
            self.fs
                .set_list(cc.table, cc.array_items, cc.pending as i32)?;
            cc.pending = 0;
        }
        Ok(())
    }

    /// Stores the last batch; a final call or `...` contributes all its values.
    fn last_list_field(&mut self, cc: &mut Constructor) -> CodeResult<()> {
        if cc.pending == 0 {
            return Ok(());
        }
        if cc.last_item.has_multiple_results() {
            self.fs.set_returns(&mut cc.last_item, MULTIPLE_RETURNS)?;
            self.fs
                .set_list(cc.table, cc.array_items, MULTIPLE_RETURNS)?;
            cc.array_items -= 1;
        } else {
            if cc.last_item.kind != ExpKind::Void {
                self.fs.exp_to_next_register(&mut cc.last_item)?;
            }
            self.fs
                .set_list(cc.table, cc.array_items, cc.pending as i32)?;
        }
        Ok(())
    }

    // ---- statements -----------------------------------------------------------------------

    /// `chunk`: statements up to the end of the block; `return` and `break` must be last.
    fn chunk(&mut self) -> CodeResult<()> {
        self.enter_level()?;
        let mut last = false;
        while !last && !block_follows(&self.current) {
            last = self.statement()?;
            self.test_next(&Token::Char(b';'))?;
            self.fs.free_reg = self.fs.active_locals;
        }
        self.leave_level();
        Ok(())
    }

    /// One statement; true for those that must end their block.
    fn statement(&mut self) -> CodeResult<bool> {
        let line = self.lexer.line();
        match self.current {
            Token::If => self.if_statement(line)?,
            Token::While => self.while_statement(line)?,
            Token::Do => {
                self.next()?;
                self.block()?;
                self.check_match(&Token::End, &Token::Do, line)?;
            }
            Token::For => self.for_statement(line)?,
            Token::Repeat => self.repeat_statement(line)?,
            Token::Function => self.function_statement(line)?,
            Token::Local => {
                self.next()?;
                if self.test_next(&Token::Function)? {
                    self.local_function()?;
                } else {
                    self.local_statement()?;
                }
            }
            Token::Return => {
                self.return_statement()?;
                return Ok(true);
            }
            Token::Break => {
                self.next()?;
                self.break_statement()?;
                return Ok(true);
            }
            _ => self.expression_statement()?,
        }
        Ok(false)
    }

    /// `cond`: a condition; returns the jumps taken when it is false.
    fn condition(&mut self) -> CodeResult<JumpList> {
        let mut v = self.expression()?;
        if v.kind == ExpKind::Nil {
            v.kind = ExpKind::False;
        }
        self.fs.go_if_true(&mut v)?;
        Ok(v.f)
    }

    fn break_statement(&mut self) -> CodeResult<()> {
        let mut closes = false;
        let mut target = None;
        for (i, block) in self.fs.blocks.iter().enumerate().rev() {
            if block.breakable {
                target = Some(i);
                break;
            }
            closes |= block.has_upvalue;
        }
        let Some(target) = target else {
            return Err(self.syntax_error("no loop to break"));
        };
        let level = self.fs.blocks[target].active_locals;
        if closes {
            self.fs.code_abc(OpCode::Close, level, 0, 0)?;
        }
        let j = self.fs.jump()?;
        let list = self.fs.blocks[target].break_list;
        let list = self.fs.concat(list, Some(j))?;
        self.fs.blocks[target].break_list = list;
        Ok(())
    }

    fn while_statement(&mut self, line: u32) -> CodeResult<()> {
        self.next()?;
        let start = self.fs.label();
        let exit = self.condition()?;
        self.fs.enter_block(true);
        self.check_next(&Token::Do)?;
        self.block()?;
        let back = self.fs.jump()?;
        self.fs.patch_list(Some(back), start)?;
        self.check_match(&Token::End, &Token::While, line)?;
        self.leave_block()?;
        self.fs.patch_to_here(exit)
    }

    fn repeat_statement(&mut self, line: u32) -> CodeResult<()> {
        let start = self.fs.label();
        self.fs.enter_block(true);
        self.fs.enter_block(false);
        self.next()?;
        self.chunk()?;
        self.check_match(&Token::Until, &Token::Repeat, line)?;
        let exit = self.condition()?;
        let captured = self.fs.blocks.last().is_some_and(|b| b.has_upvalue);
        if !captured {
            self.leave_block()?;
            self.fs.patch_list(exit, start)?;
        } else {
            // The scope's upvalues must close on every iteration, so leave through a break.
            self.break_statement()?;
            self.fs.patch_to_here(exit)?;
            self.leave_block()?;
            let back = self.fs.jump()?;
            self.fs.patch_list(Some(back), start)?;
        }
        self.leave_block()
    }

    /// `exp1`: an expression into the next register (a `for` control value).
    fn expression_to_next_register(&mut self) -> CodeResult<()> {
        let mut e = self.expression()?;
        self.fs.exp_to_next_register(&mut e)
    }

    fn for_body(&mut self, base: u32, line: u32, nvars: u32, numeric: bool) -> CodeResult<()> {
        self.fs.activate_locals(3);
        self.check_next(&Token::Do)?;
        let prep = if numeric {
            self.fs.code_asbx(OpCode::ForPrep, base, -1)?
        } else {
            self.fs.jump()?
        };
        self.fs.enter_block(false);
        self.fs.activate_locals(nvars);
        self.fs.reserve_registers(nvars)?;
        self.block()?;
        self.leave_block()?;
        self.fs.patch_to_here(Some(prep))?;
        let end = if numeric {
            self.fs.code_asbx(OpCode::ForLoop, base, -1)?
        } else {
            self.fs.code_abc(OpCode::TForLoop, base, 0, nvars)?
        };
        self.fs.fix_line(line as i32);
        let back = if numeric { end } else { self.fs.jump()? };
        self.fs.patch_list(Some(back), prep + 1)
    }

    fn numeric_for(&mut self, name: Rc<[u8]>, line: u32) -> CodeResult<()> {
        let base = self.fs.free_reg;
        self.fs.declare_local(Rc::from(&b"(for index)"[..]), 0)?;
        self.fs.declare_local(Rc::from(&b"(for limit)"[..]), 1)?;
        self.fs.declare_local(Rc::from(&b"(for step)"[..]), 2)?;
        self.fs.declare_local(name, 3)?;
        self.check_next(&Token::Char(b'='))?;
        self.expression_to_next_register()?;
        self.check_next(&Token::Char(b','))?;
        self.expression_to_next_register()?;
        if self.test_next(&Token::Char(b','))? {
            self.expression_to_next_register()?;
        } else {
            let one = self.fs.number_constant(1.0)?;
            self.fs.code_abx(OpCode::LoadK, self.fs.free_reg, one)?;
            self.fs.reserve_registers(1)?;
        }
        self.for_body(base, line, 1, true)
    }

    fn generic_for(&mut self, first: Rc<[u8]>) -> CodeResult<()> {
        let base = self.fs.free_reg;
        self.fs
            .declare_local(Rc::from(&b"(for generator)"[..]), 0)?;
        self.fs.declare_local(Rc::from(&b"(for state)"[..]), 1)?;
        self.fs.declare_local(Rc::from(&b"(for control)"[..]), 2)?;
        self.fs.declare_local(first, 3)?;
        let mut nvars = 4;
        while self.test_next(&Token::Char(b','))? {
            let name = self.check_name()?;
            self.fs.declare_local(name, nvars)?;
            nvars += 1;
        }
        self.check_next(&Token::In)?;
        let line = self.lexer.line();
        let (mut e, count) = self.expression_list()?;
        self.adjust_assign(3, count, &mut e)?;
        self.fs.check_stack(3)?;
        self.for_body(base, line, nvars - 3, false)
    }

    fn for_statement(&mut self, line: u32) -> CodeResult<()> {
        self.fs.enter_block(true);
        self.next()?;
        let name = self.check_name()?;
        match self.current {
            Token::Char(b'=') => self.numeric_for(name, line)?,
            Token::Char(b',') | Token::In => self.generic_for(name)?,
            _ => return Err(self.syntax_error("'=' or 'in' expected")),
        }
        self.check_match(&Token::End, &Token::For, line)?;
        self.leave_block()
    }

    /// `test_then_block`: `if`/`elseif` condition and block; returns the false exits.
    fn test_then_block(&mut self) -> CodeResult<JumpList> {
        self.next()?;
        let exit = self.condition()?;
        self.check_next(&Token::Then)?;
        self.block()?;
        Ok(exit)
    }

    fn if_statement(&mut self, line: u32) -> CodeResult<()> {
        let mut escapes: JumpList = None;
        let mut false_exit = self.test_then_block()?;
        while self.current == Token::Elseif {
            let j = self.fs.jump()?;
            escapes = self.fs.concat(escapes, Some(j))?;
            self.fs.patch_to_here(false_exit)?;
            false_exit = self.test_then_block()?;
        }
        if self.current == Token::Else {
            let j = self.fs.jump()?;
            escapes = self.fs.concat(escapes, Some(j))?;
            self.fs.patch_to_here(false_exit)?;
            self.next()?;
            self.block()?;
        } else {
            escapes = self.fs.concat(escapes, false_exit)?;
        }
        self.fs.patch_to_here(escapes)?;
        self.check_match(&Token::End, &Token::If, line)
    }

    fn local_function(&mut self) -> CodeResult<()> {
        let name = self.check_name()?;
        self.fs.declare_local(name, 0)?;
        let var = ExpDesc::new(ExpKind::Local(self.fs.free_reg));
        self.fs.reserve_registers(1)?;
        self.fs.activate_locals(1);
        let line = self.lexer.line();
        let mut closure = self.body(false, line)?;
        self.fs.store_var(&var, &mut closure)?;
        self.fs.restart_last_local();
        Ok(())
    }

    fn local_statement(&mut self) -> CodeResult<()> {
        let mut nvars = 0;
        loop {
            let name = self.check_name()?;
            self.fs.declare_local(name, nvars)?;
            nvars += 1;
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
        }
        let (mut e, nexps) = if self.test_next(&Token::Char(b'='))? {
            self.expression_list()?
        } else {
            (ExpDesc::new(ExpKind::Void), 0)
        };
        self.adjust_assign(nvars, nexps, &mut e)?;
        self.fs.activate_locals(nvars);
        Ok(())
    }

    fn function_statement(&mut self, line: u32) -> CodeResult<()> {
        self.next()?;
        let mut var = self.single_var()?;
        while self.current == Token::Char(b'.') {
            self.field(&mut var)?;
        }
        let needs_self = self.current == Token::Char(b':');
        if needs_self {
            self.field(&mut var)?;
        }
        let mut closure = self.body(needs_self, line)?;
        self.fs.store_var(&var, &mut closure)?;
        self.fs.fix_line(line as i32);
        Ok(())
    }

    fn expression_statement(&mut self) -> CodeResult<()> {
        let v = self.primary_expression()?;
        if let ExpKind::Call(pc) = v.kind {
            let word = self.fs.instruction(pc);
            self.fs.set_instruction(pc, with_c(word, 1));
            Ok(())
        } else {
            self.assignment(v)
        }
    }

    /// `check_conflict`: a local assigned in a multiple assignment that an earlier target
    /// indexes with is copied first, so the earlier store sees its old value.
    fn check_conflict(&mut self, targets: &mut [ExpDesc], local: u32) -> CodeResult<()> {
        let extra = self.fs.free_reg;
        let mut conflict = false;
        for target in targets.iter_mut() {
            if let ExpKind::Indexed { table, key } = &mut target.kind {
                if *table == local {
                    conflict = true;
                    *table = extra;
                }
                if *key == local {
                    conflict = true;
                    *key = extra;
                }
            }
        }
        if conflict {
            self.fs.code_abc(OpCode::Move, extra, local, 0)?;
            self.fs.reserve_registers(1)?;
        }
        Ok(())
    }

    /// `assignment`: `target {, target} = explist`. Stores run from the last target back to
    /// the first, as 5.1's recursive version does on its way out.
    fn assignment(&mut self, first: ExpDesc) -> CodeResult<()> {
        let mut targets = vec![first];
        loop {
            let is_variable = targets.last().is_some_and(|t| {
                matches!(
                    t.kind,
                    ExpKind::Local(_)
                        | ExpKind::Upvalue(_)
                        | ExpKind::Global(_)
                        | ExpKind::Indexed { .. }
                )
            });
            if !is_variable {
                return Err(self.syntax_error("syntax error"));
            }
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
            let target = self.primary_expression()?;
            if let ExpKind::Local(reg) = target.kind {
                self.check_conflict(&mut targets, reg)?;
            }
            let limit = MAX_C_CALLS.saturating_sub(self.depth);
            if targets.len() as u32 > limit {
                return Err(self
                    .fs
                    .limit_error(limit as usize, "variables in assignment"));
            }
            targets.push(target);
        }
        self.check_next(&Token::Char(b'='))?;
        let nvars = targets.len() as u32;
        let (mut e, nexps) = self.expression_list()?;
        let mut rest = targets.as_slice();
        if nexps != nvars {
            self.adjust_assign(nvars, nexps, &mut e)?;
            if nexps > nvars {
                self.fs.free_reg -= nexps - nvars;
            }
        } else if let Some((last, before)) = targets.split_last() {
            self.fs.set_one_return(&mut e);
            self.fs.store_var(last, &mut e)?;
            rest = before;
        }
        for target in rest.iter().rev() {
            let mut value = ExpDesc::new(ExpKind::Register(self.fs.free_reg - 1));
            self.fs.store_var(target, &mut value)?;
        }
        Ok(())
    }

    fn return_statement(&mut self) -> CodeResult<()> {
        self.next()?;
        let (first, count) = if block_follows(&self.current) || self.current == Token::Char(b';') {
            (0, 0)
        } else {
            let (mut e, count) = self.expression_list()?;
            if e.has_multiple_results() {
                self.fs.set_returns(&mut e, MULTIPLE_RETURNS)?;
                if let (ExpKind::Call(pc), 1) = (e.kind, count) {
                    let word = self.fs.instruction(pc);
                    self.fs.set_instruction(pc, with_op(word, OpCode::TailCall));
                }
                (self.fs.active_locals, MULTIPLE_RETURNS)
            } else if count == 1 {
                (self.fs.exp_to_any_register(&mut e)?, 1)
            } else {
                self.fs.exp_to_next_register(&mut e)?;
                (self.fs.active_locals, count as i32)
            }
        };
        self.fs.ret(first, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::opcode::{fields, opcode_of};

    fn ops(source: &str) -> Vec<(OpCode, u32, u32, u32)> {
        let proto = compile(source.as_bytes(), b"=test", 1).expect("compiles");
        proto
            .code
            .iter()
            .map(|&w| {
                let f = fields(w);
                (opcode_of(w).expect("opcode"), f.a, f.b, f.c)
            })
            .collect()
    }

    #[test]
    fn folds_constants_and_reuses_them() {
        assert_eq!(
            ops("local a = 2 * 3 + 1"),
            vec![(OpCode::LoadK, 0, 0, 0), (OpCode::Return, 0, 1, 0)]
        );
    }

    #[test]
    fn a_call_statement_keeps_no_results() {
        let code = ops("print('hi')");
        assert_eq!(code[2], (OpCode::Call, 0, 2, 1));
    }

    #[test]
    fn syntax_errors_name_the_token() {
        let error = compile(b"x = = 1", b"=t", 1).unwrap_err();
        assert_eq!(error.message, b"t:1: unexpected symbol near '='");
        let error = compile(b"if x then", b"=t", 1).unwrap_err();
        assert_eq!(error.message, b"t:1: 'end' expected near '<eof>'");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let source = format!("x = {}1{}", "(".repeat(100_000), ")".repeat(100_000));
        let error = compile(source.as_bytes(), b"=t", 1).unwrap_err();
        assert_eq!(error.message, b"t:1: chunk has too many syntax levels");
    }
}
