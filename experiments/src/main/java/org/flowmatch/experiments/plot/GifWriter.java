package org.flowmatch.experiments.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An animated GIF written frame by frame with the JDK's GIF writer: each frame mapped to one fixed palette (greys
 * plus light and dark shades of the few colours in use), its own delay, and a NETSCAPE2.0 extension that loops for
 * ever.
 */
final class GifWriter implements Closeable {

  private static final String FORMAT = "javax_imageio_gif_image_1.0";
  private static final int GREYS = 32;
  private static final int TINTS = 24;
  private static final int SHADES = 4;

  private final ImageOutputStream out;
  private final ImageWriter writer;
  private final IndexColorModel palette;
  /**
   * The nearest palette index of recently seen colours, direct-mapped by a hash of the colour: a frame has few
   * distinct colours, and a boxed map's look-ups cost half the time of writing a frame.
   */
  private final int[] cachedColors = new int[1 << CACHE_BITS];
  private final byte[] cachedIndices = new byte[1 << CACHE_BITS];
  private static final int CACHE_BITS = 12;
  private boolean first = true;

  /** A GIF written to {@code stream}, which {@link #close} flushes but leaves open. */
  GifWriter(OutputStream stream, List<Color> colors) throws IOException {
    this.palette = palette(colors);
    Arrays.fill(cachedColors, -1);
    this.writer = ImageIO.getImageWritersByFormatName("gif").next();
    this.out = new MemoryCacheImageOutputStream(stream);
    writer.setOutput(out);
    writer.prepareWriteSequence(globalColorTable());
  }

  /** Appends a frame, shown for delayMs milliseconds (rounded to the GIF's hundredths). */
  void add(BufferedImage rgb, int delayMs) throws IOException {
    BufferedImage img = indexed(rgb);
    ImageWriteParam param = writer.getDefaultWriteParam();
    IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
    child(root, "ImageDescriptor").setAttribute("interlaceFlag", "FALSE");
    IIOMetadataNode control = child(root, "GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(delayMs / 10f))));
    control.setAttribute("transparentColorIndex", "0");
    if (first) {
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0});
      child(root, "ApplicationExtensions").appendChild(loop);
      first = false;
    }
    meta.setFromTree(FORMAT, root);
    writer.writeToSequence(new IIOImage(img, null, meta), param);
  }

  /** Stream metadata whose global colour table is the palette, which every frame then uses. */
  private IIOMetadata globalColorTable() throws IOException {
    IIOMetadata stream = writer.getDefaultStreamMetadata(null);
    String format = stream.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) stream.getAsTree(format);
    IIOMetadataNode table = child(root, "GlobalColorTable");
    while (table.hasChildNodes()) {
      table.removeChild(table.getFirstChild());
    }
    table.setAttribute("sizeOfGlobalColorTable", Integer.toString(palette.getMapSize()));
    table.setAttribute("backgroundColorIndex", Integer.toString(GREYS - 1));
    table.setAttribute("sortFlag", "FALSE");
    for (int i = 0; i < palette.getMapSize(); i++) {
      IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
      entry.setAttribute("index", Integer.toString(i));
      entry.setAttribute("red", Integer.toString(palette.getRed(i)));
      entry.setAttribute("green", Integer.toString(palette.getGreen(i)));
      entry.setAttribute("blue", Integer.toString(palette.getBlue(i)));
      table.appendChild(entry);
    }
    stream.setFromTree(format, root);
    return stream;
  }

  @Override
  public void close() throws IOException {
    try {
      writer.endWriteSequence();
    } finally {
      writer.dispose();
      out.close();
    }
  }

  /** The frame in the palette, each pixel its nearest palette colour. */
  BufferedImage indexed(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    // A chart's frame is TYPE_INT_RGB, whose raw pixels are 0xRRGGBB: read them without a colour model.
    int[] pixels = rgb.getType() == BufferedImage.TYPE_INT_RGB
        ? (int[]) rgb.getRaster().getDataElements(0, 0, w, h, null) : rgb.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = nearest(pixels[i] & 0xFFFFFF) & 0xFF;
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, palette);
    img.getRaster().setSamples(0, 0, w, h, 0, pixels);
    return img;
  }

  private byte nearest(int rgb) {
    int slot = (rgb * 0x9E3779B1) >>> (32 - CACHE_BITS);
    if (cachedColors[slot] != rgb) {
      cachedColors[slot] = rgb;
      cachedIndices[slot] = closest(rgb);
    }
    return cachedIndices[slot];
  }

  /** The palette index nearest to {@code rgb} (0xRRGGBB), by weighted squared distance. */
  private byte closest(int rgb) {
    int r = rgb >> 16 & 0xFF;
    int g = rgb >> 8 & 0xFF;
    int b = rgb & 0xFF;
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int i = 0; i < palette.getMapSize(); i++) {
      long dr = r - palette.getRed(i);
      long dg = g - palette.getGreen(i);
      long db = b - palette.getBlue(i);
      long d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return (byte) best;
  }

  /**
   * Greys from black to white, then for each colour (at most 8) tints towards white and a few darker shades, padded
   * with white to a power of two as GIF colour tables are.
   */
  static IndexColorModel palette(List<Color> colors) {
    if (colors.size() > 8) {
      throw new IllegalArgumentException("a GIF palette holds at most 8 colours besides greys, got " + colors.size());
    }
    int used = GREYS + colors.size() * (TINTS + SHADES);
    int n = Integer.highestOneBit(used - 1) << 1;
    byte[] r = new byte[n];
    byte[] g = new byte[n];
    byte[] b = new byte[n];
    Arrays.fill(r, (byte) 255);
    Arrays.fill(g, (byte) 255);
    Arrays.fill(b, (byte) 255);
    int k = 0;
    for (int i = 0; i < GREYS; i++, k++) {
      int v = (int) Math.round(255.0 * i / (GREYS - 1));
      r[k] = (byte) v;
      g[k] = (byte) v;
      b[k] = (byte) v;
    }
    for (Color c : colors) {
      for (int i = 1; i <= TINTS; i++, k++) {
        Color t = Palette.over(c, (double) i / TINTS, Color.WHITE);
        r[k] = (byte) t.getRed();
        g[k] = (byte) t.getGreen();
        b[k] = (byte) t.getBlue();
      }
      for (int i = 1; i <= SHADES; i++, k++) {
        Color t = Palette.over(c, 1 - 0.15 * i, Color.BLACK);
        r[k] = (byte) t.getRed();
        g[k] = (byte) t.getGreen();
        b[k] = (byte) t.getBlue();
      }
    }
    return new IndexColorModel(Integer.numberOfTrailingZeros(n), n, r, g, b);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }
}
