package io.jcri.domain.container;

import io.jcri.domain.error.JcriException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Linux signal names and numbers (x86_64), for an image's {@code StopSignal} and the CRI's
 * {@code stop_signal}: {@code SIGTERM}, {@code TERM} and {@code 15} all mean 15; real-time
 * signals are {@code SIGRTMIN+n} and {@code SIGRTMAX-n}.
 */
public final class Signals {
    private Signals() {}

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int RTMIN = 34;
    public static final int RTMAX = 64;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        String[] names = {
            "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
            "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
            "WINCH", "IO", "PWR", "SYS"
        };
        for (int i = 0; i < names.length; i++) {
            BY_NAME.put(names[i], i + 1);
        }
        BY_NAME.put("IOT", 6);
        BY_NAME.put("CLD", 17);
        BY_NAME.put("POLL", 29);
        BY_NAME.put("RTMIN", RTMIN);
        BY_NAME.put("RTMAX", RTMAX);
    }

    /** The number of a signal given by name (with or without {@code SIG}, any case) or number. */
    public static int parse(String signal) {
        String s = signal.strip().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return check(signal, parseInt(signal, s));
        }
        String name = s.startsWith("SIG") ? s.substring(3) : s;
        Integer known = BY_NAME.get(name);
        if (known != null) {
            return known;
        }
        if (name.startsWith("RTMIN+")) {
            return check(signal, RTMIN + parseInt(signal, name.substring(6)));
        }
        if (name.startsWith("RTMAX-")) {
            return check(signal, RTMAX - parseInt(signal, name.substring(6)));
        }
        throw unknown(signal);
    }

    /** The name of a signal number: {@code SIGTERM}, {@code SIGRTMIN+3}. */
    public static String name(int number) {
        check(Integer.toString(number), number);
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            if (e.getValue() == number) {
                return "SIG" + e.getKey();
            }
        }
        return number < RTMIN ? "SIG" + number : "SIGRTMIN+" + (number - RTMIN);
    }

    private static int parseInt(String signal, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw unknown(signal);
        }
    }

    private static int check(String signal, int number) {
        if (number < 1 || number > RTMAX) {
            throw unknown(signal);
        }
        return number;
    }

    private static JcriException.InvalidArgument unknown(String signal) {
        return new JcriException.InvalidArgument("unknown signal \"" + signal + "\"");
    }
}
