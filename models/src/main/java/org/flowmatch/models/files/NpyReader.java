package org.flowmatch.models.files;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} array (format versions 1 to 3): C order, of dtype float32/float64 or any signed or
 * unsigned integer of 1 to 8 bytes, either byte order. A shape (n,) is n rows of one column, (n, d) n rows of d,
 * and (n, a, b, ...) n images flattened row-major, whose shape (a, b, ...) is kept.
 */
final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiub])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyReader() {}

  static Table read(String file, byte[] bytes) {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new DataFileException(file, "byte 0", "is not a .npy file (no \\x93NUMPY magic)");
    }
    int major = bytes[6];
    ByteBuffer head = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength;
    int start;
    if (major == 1) {
      headerLength = head.getShort(8) & 0xFFFF;
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLength = head.getInt(8);
      start = 12;
    } else {
      throw new DataFileException(file, "byte 6", "has .npy format version " + major + ", expected 1, 2 or 3");
    }
    if (headerLength < 0 || start + headerLength > bytes.length) {
      throw new DataFileException(file, "byte 8", "its header length " + headerLength + " runs past the end");
    }
    String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new DataFileException(file, "header", "needs descr (a numeric dtype), fortran_order and shape, got "
          + header.trim());
    }
    if (fortran.group(1).equals("True")) {
      throw new DataFileException(file, "header", "is in Fortran order; save it in C order (np.ascontiguousarray)");
    }
    char kind = descr.group(2).charAt(0);
    int size = Integer.parseInt(descr.group(3));
    if (kind == 'f' ? size != 4 && size != 8 : size != 1 && size != 2 && size != 4 && size != 8) {
      throw new DataFileException(file, "header", "has dtype " + descr.group(1) + kind + size
          + "; expected float32, float64 or an integer type");
    }
    if (kind == 'b') {
      throw new DataFileException(file, "header", "holds booleans; expected float32, float64 or integers");
    }
    ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    if (dims.length == 0) {
      throw new DataFileException(file, "header", "holds a scalar; expected an array of rows");
    }
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    int dataStart = start + headerLength;
    if ((long) bytes.length - dataStart != count * size) {
      throw new DataFileException(file, "byte " + dataStart, "holds " + (bytes.length - dataStart)
          + " bytes of data but shape " + Arrays.toString(dims) + " of " + size + "-byte values needs "
          + count * size);
    }
    if (count == 0) {
      throw new DataFileException(file, "", "is empty (shape " + Arrays.toString(dims) + ")");
    }
    int rows = Math.toIntExact(dims[0]);
    int columns = Math.toIntExact(count / dims[0]);
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
    double[] values = new double[Math.toIntExact(count)];
    for (int i = 0; i < values.length; i++) {
      double v = switch (kind) {
        case 'f' -> size == 4 ? data.getFloat(i * 4) : data.getDouble(i * 8);
        case 'i' -> switch (size) {
          case 1 -> data.get(i);
          case 2 -> data.getShort(i * 2);
          case 4 -> data.getInt(i * 4);
          default -> data.getLong(i * 8);
        };
        default -> switch (size) {
          case 1 -> data.get(i) & 0xFF;
          case 2 -> data.getShort(i * 2) & 0xFFFF;
          case 4 -> data.getInt(i * 4) & 0xFFFFFFFFL;
          default -> unsignedLong(data.getLong(i * 8));
        };
      };
      if (!Double.isFinite(v)) {
        throw new DataFileException(file, "row " + (i / columns) + ", column " + (i % columns + 1),
            "holds " + v + ", which is not finite");
      }
      values[i] = v;
    }
    int[] image = dims.length > 2 ? Arrays.stream(dims, 1, dims.length).mapToInt(Math::toIntExact).toArray() : null;
    return new Table(file, values, rows, columns, null, image, null);
  }

  private static double unsignedLong(long v) {
    return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
  }
}
