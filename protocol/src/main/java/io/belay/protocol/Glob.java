package io.belay.protocol;

/** Redis's {@code stringmatchlen}: glob matching with {@code * ? [a-z] [^x] \x}, on bytes. */
public final class Glob {

  private Glob() {
  }

  public static boolean matches(byte[] pattern, byte[] string, boolean noCase) {
    return match(pattern, 0, string, 0, noCase, 0);
  }

  public static boolean matches(String pattern, String string) {
    return matches(pattern.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        string.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), false);
  }

  private static boolean match(byte[] p, int pi, byte[] s, int si, boolean noCase, int depth) {
    if (depth > 1000) {
      return false; // Redis bounds nesting the same way, against pathological patterns
    }
    while (pi < p.length && si <= s.length) {
      switch (p[pi]) {
        case '*' -> {
          while (pi + 1 < p.length && p[pi + 1] == '*') {
            pi++;
          }
          if (pi + 1 == p.length) {
            return true;
          }
          for (int k = si; k <= s.length; k++) {
            if (match(p, pi + 1, s, k, noCase, depth + 1)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (si >= s.length) {
            return false;
          }
          si++;
        }
        case '[' -> {
          if (si >= s.length) {
            return false;
          }
          pi++;
          boolean not = pi < p.length && p[pi] == '^';
          if (not) {
            pi++;
          }
          boolean found = false;
          while (true) {
            if (pi < p.length && p[pi] == '\\' && pi + 1 < p.length) {
              pi++;
              if (eq(p[pi], s[si], noCase)) {
                found = true;
              }
            } else if (pi >= p.length) {
              pi--; // unterminated class: Redis treats the end as its close
              break;
            } else if (p[pi] == ']') {
              break;
            } else if (pi + 2 < p.length && p[pi + 1] == '-') {
              int start = p[pi] & 0xff;
              int end = p[pi + 2] & 0xff;
              int c = s[si] & 0xff;
              if (start > end) {
                int t = start;
                start = end;
                end = t;
              }
              if (noCase) {
                start = Character.toLowerCase(start);
                end = Character.toLowerCase(end);
                c = Character.toLowerCase(c);
              }
              pi += 2;
              if (c >= start && c <= end) {
                found = true;
              }
            } else if (eq(p[pi], s[si], noCase)) {
              found = true;
            }
            pi++;
          }
          if (not) {
            found = !found;
          }
          if (!found) {
            return false;
          }
          si++;
        }
        case '\\' -> {
          if (pi + 1 < p.length) {
            pi++;
          }
          if (si >= s.length || !eq(p[pi], s[si], noCase)) {
            return false;
          }
          si++;
        }
        default -> {
          if (si >= s.length || !eq(p[pi], s[si], noCase)) {
            return false;
          }
          si++;
        }
      }
      pi++;
      if (si == s.length) {
        while (pi < p.length && p[pi] == '*') {
          pi++;
        }
        break;
      }
    }
    return pi == p.length && si == s.length;
  }

  private static boolean eq(byte a, byte b, boolean noCase) {
    return a == b || (noCase && Character.toLowerCase(a & 0xff) == Character.toLowerCase(b & 0xff));
  }
}
