package lab.tagging.grading.compile;

import lab.tagging.grading.Digests;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A digest of what code compiled against a folder of classes can see of them: every class that
 * is not private, local or anonymous, with its supertypes, generic signatures, and its fields and
 * methods that are not private (types, checked exceptions, constant values). Method bodies,
 * private members and annotations are left out.
 *
 * <p>Two folders with the same fingerprint compile the graded tests to the same bytes, so the
 * class grader compiles the tests once per fingerprint instead of once per submission. The
 * graded tests use no annotation type of a student file, which is why annotations (every
 * student's JPA mapping differs) can stay out.
 */
public final class ApiFingerprint {

  private static final int ACC_PRIVATE = 0x0002;
  private static final int ACC_SYNTHETIC = 0x1000;

  private ApiFingerprint() {}

  /** The fingerprint of the .class files under {@code classes}. */
  public static String of(Path classes) {
    List<String> described = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String api = describe(Files.readAllBytes(file));
        if (api != null) {
          described.add(api);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MessageDigest digest = Digests.sha256();
    described.forEach(text -> digest.update(text.getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The visible API of one class file as text; null for a class no other class file can name. */
  static String describe(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    Object[] pool = readPool(in);
    int flags = in.readUnsignedShort();
    String name = className(pool, in.readUnsignedShort());
    int superIndex = in.readUnsignedShort();
    StringBuilder text = new StringBuilder();
    text.append("class ").append(flags).append(' ').append(name)
        .append(" extends ").append(superIndex == 0 ? "-" : className(pool, superIndex));
    int interfaces = in.readUnsignedShort();
    for (int i = 0; i < interfaces; i++) {
      text.append(" implements ").append(className(pool, in.readUnsignedShort()));
    }
    text.append('\n');
    List<String> members = new ArrayList<>();
    for (String kind : List.of("field", "method")) {
      int count = in.readUnsignedShort();
      for (int i = 0; i < count; i++) {
        int memberFlags = in.readUnsignedShort();
        String member = kind + " " + memberFlags + " " + pool[in.readUnsignedShort()] + " "
            + pool[in.readUnsignedShort()] + attributes(in, pool, null);
        if ((memberFlags & ACC_PRIVATE) == 0) {
          members.add(member);
        }
      }
    }
    boolean[] hidden = new boolean[1];
    text.append(attributes(in, pool, new Own(name, hidden)));
    if ((flags & ACC_SYNTHETIC) != 0 || hidden[0]) {
      return null;
    }
    // Declaration order does not change how code that uses the class compiles.
    members.stream().sorted().forEach(member -> text.append('\n').append(member));
    return text.append("\n\n").toString();
  }

  // The class whose attributes are read, and where to note that it is private, local or anonymous.
  private record Own(String name, boolean[] hidden) {}

  private static String attributes(DataInputStream in, Object[] pool, Own own) throws IOException {
    StringBuilder text = new StringBuilder();
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      String attribute = (String) pool[in.readUnsignedShort()];
      byte[] info = new byte[in.readInt()];
      in.readFully(info);
      DataInputStream body = new DataInputStream(new ByteArrayInputStream(info));
      switch (attribute) {
        case "Signature" -> text.append(" signature=").append(pool[body.readUnsignedShort()]);
        case "ConstantValue" -> text.append(" value=").append(className(pool, body.readUnsignedShort()));
        case "Exceptions", "PermittedSubclasses" -> {
          int n = body.readUnsignedShort();
          text.append(' ').append(attribute).append('=');
          for (int k = 0; k < n; k++) {
            text.append(className(pool, body.readUnsignedShort())).append(',');
          }
        }
        case "EnclosingMethod" -> {
          if (own != null) {
            own.hidden()[0] = true;  // a local or anonymous class
          }
        }
        case "InnerClasses" -> {
          if (own != null) {
            innerClasses(body, pool, own, text);
          }
        }
        default -> { }
      }
    }
    return text.toString();
  }

  // Only the entries about this class itself and its own member classes: the others name
  // nested classes its code merely uses.
  private static void innerClasses(DataInputStream body, Object[] pool, Own own, StringBuilder text)
      throws IOException {
    int n = body.readUnsignedShort();
    for (int k = 0; k < n; k++) {
      int inner = body.readUnsignedShort();
      int outer = body.readUnsignedShort();
      body.readUnsignedShort();
      int flags = body.readUnsignedShort();
      String innerName = className(pool, inner);
      String outerName = outer == 0 ? null : className(pool, outer);
      if (innerName.equals(own.name())) {
        if (outer == 0 || (flags & ACC_PRIVATE) != 0) {
          own.hidden()[0] = true;
        }
        text.append(" nested=").append(flags);
      } else if (own.name().equals(outerName) && (flags & ACC_PRIVATE) == 0) {
        text.append(" member=").append(innerName).append(':').append(flags);
      }
    }
  }

  private static Object[] readPool(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    Object[] pool = new Object[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> pool[i] = in.readUTF();
        case 3 -> pool[i] = "int:" + in.readInt();
        case 4 -> pool[i] = "float:" + Float.floatToRawIntBits(in.readFloat());
        case 5 -> pool[i++] = "long:" + in.readLong();
        case 6 -> pool[i++] = "double:" + Double.doubleToRawLongBits(in.readDouble());
        case 7, 8, 16, 19, 20 -> pool[i] = new int[] {tag, in.readUnsignedShort()};
        case 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return pool;
  }

  // A Class or String constant resolves to its text; constant values print with their kind.
  private static String className(Object[] pool, int index) {
    Object entry = pool[index];
    if (entry instanceof int[] ref) {
      String text = (String) pool[ref[1]];
      return ref[0] == 8 ? "string:" + text : text;
    }
    return String.valueOf(entry);
  }
}
