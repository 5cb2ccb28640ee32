package org.flowmatch.models.files;

/**
 * A data file that cannot be used: one line naming the file, where in it (line and column of a text file, byte
 * or entry of a binary one) and what is wrong. An {@link IllegalArgumentException}, like every configuration
 * error, so the CLI reports it in one line with exit status 2.
 */
public final class DataFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file the file as the user named it
   * @param where a position such as {@code line 3, column 2}, or empty
   * @param why what is wrong
   */
  public DataFileException(String file, String where, String why) {
    this(file + (where.isEmpty() ? "" : ":" + where) + ": " + why);
  }

  /** @param message a line that already names the file and the place in it ({@link FileDataset.Origin}) */
  public DataFileException(String message) {
    super(message);
  }
}
