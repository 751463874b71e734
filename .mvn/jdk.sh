# Sourced by ./mvnw, ./proctor and .ci/run: selects a JDK 25 or newer with no set-up by the user.
# Order: JAVA_HOME when it is 25+, then the newest 25+ JDK under /usr/lib/jvm (or $PROCTOR_JVM_DIR).
# On success JAVA_HOME is exported; on failure a sentence says what is missing and the caller exits.

proctor_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

proctor_select_jdk() {
  proctor_required=25
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(proctor_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$proctor_required" ]; then export JAVA_HOME; return 0; fi
  fi
  best=""; best_v=0
  for d in $(find "${PROCTOR_JVM_DIR:-/usr/lib/jvm}" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort); do
    v=$(proctor_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge "$proctor_required" ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -n "$best" ]; then JAVA_HOME="$best"; export JAVA_HOME; return 0; fi
  echo "proctor: no JDK $proctor_required or newer found." >&2
  echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}) and ${PROCTOR_JVM_DIR:-/usr/lib/jvm}/*." >&2
  echo "  Install one (for example Temurin 25 into /usr/lib/jvm) or point JAVA_HOME at it." >&2
  return 1
}
