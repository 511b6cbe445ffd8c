package io.belay.protocol.command;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command as redis-server describes it in {@code COMMAND INFO} and {@code COMMAND DOCS}.
 *
 * @param name          lower-case name; for a subcommand {@code "container|sub"}, as Redis names it
 * @param arity         Redis's arity: positive means exactly that many arguments (with the
 *                      name), negative means at least {@code -arity}
 * @param flags         command flags
 * @param firstKey      legacy first key position, 0 when the command takes no keys
 * @param lastKey       legacy last key position, negative counts from the end
 * @param step          legacy key step
 * @param aclCategories ACL categories without the {@code @}
 * @param keySpecs      Redis 7 key specifications
 * @param group         the documentation group ({@code string}, {@code list}, {@code server}, ...)
 * @param subcommands   subcommands by lower-case name ({@code "get"} for {@code config|get})
 */
public record CommandSpec(
    String name,
    int arity,
    Set<CommandFlag> flags,
    int firstKey,
    int lastKey,
    int step,
    List<String> aclCategories,
    List<KeySpec> keySpecs,
    String group,
    Map<String, CommandSpec> subcommands) {

  public boolean has(CommandFlag flag) {
    return flags.contains(flag);
  }

  public boolean isWrite() {
    return flags.contains(CommandFlag.WRITE);
  }

  public boolean isReadOnly() {
    return flags.contains(CommandFlag.READONLY);
  }

  public boolean isContainer() {
    return !subcommands.isEmpty();
  }

  /** True when {@code argc} arguments (the name included) satisfy the arity. */
  public boolean acceptsArgumentCount(int argc) {
    return arity >= 0 ? argc == arity : argc >= -arity;
  }
}
