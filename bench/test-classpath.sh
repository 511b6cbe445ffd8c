# Sourced by the bench scripts whose client is a Java class of the integration-tests test
# sources: builds the node jar and the test classes, and sets $cp to their classpath.
#
#   . "$root/bench/test-classpath.sh" "$work"
# (the reactor's last module, integration-tests, writes the classpath file last)
mvn -B -q -f "$root/pom.xml" -pl integration-tests -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$1/classpath.txt" >&2
cp="$root/integration-tests/target/test-classes:$(cat "$1/classpath.txt")"
