package org.flowmatch.models.files;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads an IDX file, the format of MNIST (LeCun et al.): two zero bytes, a type byte (0x08 unsigned byte, 0x09
 * signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), the number of dimensions, one big-endian int per
 * dimension, then the values big-endian in row-major order. The caller decompresses gzip. A file of n items of
 * shape (a, b, ...) is n rows of a * b * ... values; the item shape is kept as the image shape.
 */
final class IdxReader {
  private IdxReader() {}

  static Table read(String file, byte[] bytes) {
    if (bytes.length < 4 || bytes[0] != 0 || bytes[1] != 0) {
      throw new DataFileException(file, "byte 0", "is not an IDX file (its magic number does not start with two"
          + " zero bytes)");
    }
    int type = bytes[2] & 0xFF;
    int size = switch (type) {
      case 0x08, 0x09 -> 1;
      case 0x0B -> 2;
      case 0x0C, 0x0D -> 4;
      case 0x0E -> 8;
      default -> throw new DataFileException(file, "byte 2", String.format("has IDX type 0x%02X; expected 0x08,"
          + " 0x09, 0x0B, 0x0C, 0x0D or 0x0E", type));
    };
    int rank = bytes[3] & 0xFF;
    if (rank == 0 || bytes.length < 4 + 4L * rank) {
      throw new DataFileException(file, "byte 3", "has " + rank + " dimensions and " + bytes.length
          + " bytes: too short for its header");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as IDX is
    long[] dims = new long[rank];
    long count = 1;
    for (int k = 0; k < rank; k++) {
      dims[k] = in.getInt(4 + 4 * k) & 0xFFFFFFFFL;
      count *= dims[k];
    }
    int start = 4 + 4 * rank;
    if (bytes.length - start != count * size) {
      throw new DataFileException(file, "byte " + start, "holds " + (bytes.length - start) + " bytes of data but"
          + " its dimensions " + Arrays.toString(dims) + " need " + count * size);
    }
    if (count == 0) {
      throw new DataFileException(file, "", "is empty (dimensions " + Arrays.toString(dims) + ")");
    }
    int rows = Math.toIntExact(dims[0]);
    int columns = Math.toIntExact(count / dims[0]);
    double[] values = new double[Math.toIntExact(count)];
    for (int i = 0; i < values.length; i++) {
      int at = start + i * size;
      double v = switch (type) {
        case 0x08 -> bytes[at] & 0xFF;
        case 0x09 -> bytes[at];
        case 0x0B -> in.getShort(at);
        case 0x0C -> in.getInt(at);
        case 0x0D -> in.getFloat(at);
        default -> in.getDouble(at);
      };
      if (!Double.isFinite(v)) {
        throw new DataFileException(file, "item " + (i / columns) + ", value " + (i % columns + 1),
            "holds " + v + ", which is not finite");
      }
      values[i] = v;
    }
    int[] image = rank > 1 ? Arrays.stream(dims, 1, rank).mapToInt(Math::toIntExact).toArray() : null;
    return new Table(file, values, rows, columns, null, image, null);
  }
}
