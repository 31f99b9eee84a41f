package io.jcri.domain.log;

import io.jcri.domain.error.JcriException;

/** The stream a log line came from, as the CRI log format names it. */
public enum LogStream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String tag;

    LogStream(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static LogStream of(String tag) {
        for (LogStream s : values()) {
            if (s.tag.equals(tag)) {
                return s;
            }
        }
        throw new JcriException.InvalidArgument("log stream \"" + tag + "\" is neither stdout nor stderr");
    }
}
