package dev.dpm.core.manifest;

import dev.dpm.core.version.DebianVersion;

/** A version operator of a Debian relation, with its Debian spelling. */
public enum RelationOp {
    LT("<<"), LE("<="), EQ("="), GE(">="), GT(">>");

    private final String symbol;

    RelationOp(String symbol) {
        this.symbol = symbol;
    }

    /** The Debian spelling: {@code << <= = >= >>}. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code candidate OP bound} holds, in dpkg's version order. */
    public boolean test(DebianVersion candidate, DebianVersion bound) {
        int c = candidate.compareTo(bound);
        return switch (this) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case EQ -> c == 0;
            case GE -> c >= 0;
            case GT -> c > 0;
        };
    }

    /**
     * The operator for a symbol, or null. Also accepts the obsolete {@code <} and {@code >} that dpkg
     * reads as {@code <=} and {@code >=}, since old Debian control data still carries them.
     */
    public static RelationOp fromSymbol(String s) {
        return switch (s) {
            case "<<" -> LT;
            case "<=", "<" -> LE;
            case "=" -> EQ;
            case ">=", ">" -> GE;
            case ">>" -> GT;
            default -> null;
        };
    }
}
