package io.belay.ops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code belay --version}: the Maven project version, written into a resource at build time. */
final class VersionProvider implements IVersionProvider {

  static final String RESOURCE = "/io/belay/ops/version.properties";

  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {"belay " + properties.getProperty("version", "(unknown version)")};
  }
}
