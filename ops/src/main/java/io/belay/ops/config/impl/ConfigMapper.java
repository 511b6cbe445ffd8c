package io.belay.ops.config.impl;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.belay.ops.config.AppendFsync;
import io.belay.ops.config.ByteSize;
import io.belay.ops.config.Consistency;
import io.belay.ops.config.DataLossBudget;
import io.belay.ops.config.Durability;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.MaxMemoryPolicy;
import io.belay.ops.config.ReadPolicy;
import io.belay.ops.config.SaveSchedule;
import io.belay.ops.config.Secret;
import io.belay.ops.config.Values;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The one YAML mapper configuration files are read with: strict, kebab-case keys. */
public final class ConfigMapper {

  private ConfigMapper() {
  }

  public static YAMLMapper create() {
    SimpleModule values = new SimpleModule("belay-config-values");
    values.addDeserializer(HostPort.class,
        new ParsingDeserializer<>(HostPort.class, HostPort::parse, "host:port (e.g. 127.0.0.1:6379)"));
    values.addDeserializer(Duration.class,
        new ParsingDeserializer<>(Duration.class, Values::parseDuration, "a duration (e.g. 200ms, 1s, 2m)"));
    values.addDeserializer(ByteSize.class,
        new ParsingDeserializer<>(ByteSize.class, ByteSize::parse, "a size (e.g. 100mb)"));
    values.addDeserializer(Secret.class,
        new ParsingDeserializer<>(Secret.class, Secret::new, "a password"));
    values.addDeserializer(Path.class,
        new ParsingDeserializer<>(Path.class, ConfigMapper::path, "a file path"));
    values.addDeserializer(URI.class,
        new ParsingDeserializer<>(URI.class, ConfigMapper::webUrl, "an http or https URL"));
    values.addDeserializer(DataLossBudget.class, new ParsingDeserializer<>(DataLossBudget.class,
        DataLossBudget::parse, "a size or unlimited (e.g. 64mb)"));
    values.addDeserializer(Boolean.class,
        new ParsingDeserializer<>(Boolean.class, Values::parseYesNo, "yes or no"));
    values.addDeserializer(Durability.class,
        new ParsingDeserializer<>(Durability.class, Durability::parse, "async or replica-ack:N"));
    values.addDeserializer(SaveSchedule.class, new ParsingDeserializer<>(SaveSchedule.class,
        SaveSchedule::parse, "\"seconds changes\" pairs (e.g. \"3600 1 300 100\")", true));
    enumValue(values, ReadPolicy.class);
    enumValue(values, Consistency.class);
    enumValue(values, AppendFsync.class);
    enumValue(values, MaxMemoryPolicy.class);

    return YAMLMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        // 2.5 silently becoming 2 would hide a typo in a quorum.
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .addModule(values)
        .build();
  }

  private static <E extends Enum<E>> void enumValue(SimpleModule module, Class<E> type) {
    module.addDeserializer(type, new ParsingDeserializer<>(type,
        text -> Values.parseEnum(type, text), "one of " + Values.allowed(type)));
  }

  private static Path path(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("'' is not a file path");
    }
    return Path.of(text);
  }

  /** Webhooks are POSTed by an HTTP client, so anything but an absolute http(s) URL is a typo. */
  private static URI webUrl(String text) {
    String problem = "'" + text + "' is not an http or https URL (e.g. https://hooks.example.com/belay)";
    URI url;
    try {
      url = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException(problem);
    }
    return url;
  }
}
