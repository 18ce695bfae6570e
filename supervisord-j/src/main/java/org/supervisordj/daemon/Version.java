package org.supervisordj.daemon;

import picocli.CommandLine.IVersionProvider;

/** The version shown by {@code --version}, from the jar manifest when packaged. */
public final class Version implements IVersionProvider {

    /** Returns the implementation version, or "dev" when run from classes. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"supervisord-j " + current()};
    }
}
