using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepLearningCourse.Engine;

/// <summary>The contents of an IDX file: its dimensions and its values as unsigned bytes, row-major.</summary>
public sealed record IdxData(int[] Dimensions, byte[] Values)
{
    /// <summary>Number of records (the first dimension).</summary>
    public int Count => Dimensions.Length == 0 ? 1 : Dimensions[0];
}

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip'd (detected from the gzip magic bytes 1F 8B).
/// Layout: 2 zero bytes, a type byte (0x08 = unsigned byte, the only type these datasets use), the number of
/// dimensions, each dimension as a big-endian int32, then the values row-major.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> with the path and what is wrong.</summary>
    public static IdxData Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IdxReader: no file at {Path.GetFullPath(path)}.", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses the bytes of an IDX file (gzip'd or not); <paramref name="name"/> is used in error messages.</summary>
    public static IdxData Parse(byte[] fileBytes, string name)
    {
        ArgumentNullException.ThrowIfNull(fileBytes);
        byte[] raw = IsGzip(fileBytes) ? Decompress(fileBytes, name) : fileBytes;
        if (raw.Length < 4)
            throw new InvalidDataException($"IdxReader: {name} is truncated: it holds {raw.Length} bytes, fewer than the 4-byte IDX magic number.");
        if (raw[0] != 0 || raw[1] != 0)
            throw new InvalidDataException($"IdxReader: {name} is not an IDX file: it starts with 0x{raw[0]:X2} 0x{raw[1]:X2} instead of 0x00 0x00.");
        if (raw[2] != UnsignedByteType)
            throw new InvalidDataException($"IdxReader: {name} has IDX type 0x{raw[2]:X2}; only unsigned bytes (0x08) are supported.");
        int rank = raw[3];
        int headerLength = 4 + 4 * rank;
        if (raw.Length < headerLength)
            throw new InvalidDataException($"IdxReader: {name} is truncated: its header needs {headerLength} bytes for {rank} dimensions but the file holds {raw.Length}.");
        var dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 + 4 * i, 4));
            if (dims[i] < 0) throw new InvalidDataException($"IdxReader: {name} declares a negative dimension {dims[i]}.");
            expected *= dims[i];
        }
        long actual = raw.Length - headerLength;
        if (actual < expected)
            throw new InvalidDataException($"IdxReader: {name} is truncated: its header declares {Tensor.ShapeText(dims)} = {expected:N0} data bytes but only {actual:N0} follow the header ({(IsGzip(fileBytes) ? "after decompression; " : "")}file length {fileBytes.Length:N0} bytes).");
        if (actual > expected)
            throw new InvalidDataException($"IdxReader: {name} has {actual - expected:N0} bytes more than its header {Tensor.ShapeText(dims)} declares ({expected:N0}); the file is corrupted.");
        return new IdxData(dims, raw[headerLength..]);
    }

    private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    private static byte[] Decompress(byte[] bytes, string name)
    {
        using var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            // A gzip stream cut short may fail here; keep what was decompressed so the length check can report it.
            if (output.Length == 0)
                throw new InvalidDataException($"IdxReader: {name} is not a valid gzip file ({e.Message}); the file is truncated or corrupted.", e);
        }
        catch (EndOfStreamException)
        {
            // Same: report the truncation through the length check below.
        }
        return output.ToArray();
    }
}
