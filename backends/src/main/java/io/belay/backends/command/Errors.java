package io.belay.backends.command;

/** Error replies in redis-server's exact words. */
public final class Errors {

  public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String SYNTAX = "ERR syntax error";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String DB_INDEX = "ERR DB index is out of range";
  public static final String NOAUTH = "NOAUTH Authentication required.";
  public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  public static final String READONLY = "READONLY You can't write against a read only replica.";
  public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
  public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
  public static final String INVALID_EXPIRE = "ERR invalid expire time in '%s' command";
  public static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
  public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

  private Errors() {
  }

  public static CommandException wrongType() {
    return new CommandException(WRONGTYPE);
  }

  public static CommandException syntax() {
    return new CommandException(SYNTAX);
  }

  public static CommandException notInteger() {
    return new CommandException(NOT_INTEGER);
  }

  public static CommandException notFloat() {
    return new CommandException(NOT_FLOAT);
  }

  public static CommandException wrongArity(String command) {
    return new CommandException("ERR wrong number of arguments for '" + command + "' command");
  }
}
