using System.Security.Cryptography;

namespace DeepLearningCourse.Engine;

/// <summary>Which Fashion-MNIST file pair to load.</summary>
public enum FashionMnistSplit
{
    /// <summary>train-images / train-labels (10,000 shipped).</summary>
    Train,

    /// <summary>t10k-images / t10k-labels (2,000 shipped).</summary>
    Test,
}

/// <summary>Loaded Fashion-MNIST images and labels.</summary>
/// <param name="Images">[N, 1, 28, 28], values in [0, 1] (byte / 255).</param>
/// <param name="Labels">[N], class indices 0–9 as floats (the format <c>Loss.SoftmaxCrossEntropy</c> takes).</param>
/// <param name="ClassNames">Name of each class index.</param>
public sealed record FashionMnistData(Tensor Images, Tensor Labels, IReadOnlyList<string> ClassNames)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Size;

    /// <summary>The images flattened to [N, 784] for a multilayer perceptron (a copy).</summary>
    public Tensor FlatImages() => new((float[])Images.Data.Clone(), Count, Images.Size / Math.Max(Count, 1));
}

/// <summary>
/// Loads the Fashion-MNIST subset shipped in <c>data/fashion-mnist/</c> (see its README), after checking each file's
/// SHA-256 against <c>data/fashion-mnist/SHA256SUMS</c>. Nothing is downloaded.
/// </summary>
public static class FashionMnist
{
    /// <summary>The folder under <c>data/</c> that holds the files.</summary>
    public const string FolderName = "fashion-mnist";

    /// <summary>The checksum file's name (sha256sum format).</summary>
    public const string ChecksumFileName = "SHA256SUMS";

    /// <summary>Class names by label, as in the dataset's README.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The image and label file names of a split.</summary>
    public static (string Images, string Labels) FileNames(FashionMnistSplit split) => split == FashionMnistSplit.Train
        ? ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
        : ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /// <summary>Loads a split from the repository's data folder, found with <see cref="DataDirectory.Find"/>.</summary>
    public static FashionMnistData Load(FashionMnistSplit split = FashionMnistSplit.Train, int? count = null) =>
        Load(DataDirectory.Find(), split, count);

    /// <summary>
    /// Loads a split. <paramref name="dataDirectory"/> is the repository's <c>data/</c> folder (the files are read from
    /// its <c>fashion-mnist/</c> sub-folder) or the folder holding the files themselves. <paramref name="count"/> keeps
    /// the first N images. With <paramref name="verifyChecksums"/> (default) each file must match <c>SHA256SUMS</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file or the checksum list is missing (the message says where it looked).</exception>
    /// <exception cref="InvalidDataException">A file is truncated (expected vs actual length) or corrupted (checksum mismatch).</exception>
    public static FashionMnistData Load(string dataDirectory, FashionMnistSplit split = FashionMnistSplit.Train, int? count = null, bool verifyChecksums = true)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        if (count is < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "FashionMnist.Load: count must be ≥ 0.");
        string folder = Directory.Exists(Path.Combine(dataDirectory, FolderName)) ? Path.Combine(dataDirectory, FolderName) : dataDirectory;
        var (imageFile, labelFile) = FileNames(split);
        Dictionary<string, string>? checksums = verifyChecksums ? ReadChecksums(folder) : null;

        IdxData images = ReadVerified(folder, imageFile, checksums);
        IdxData labels = ReadVerified(folder, labelFile, checksums);
        if (images.Dimensions.Length != 3)
            throw new InvalidDataException($"FashionMnist: {imageFile} has dimensions {Tensor.ShapeText(images.Dimensions)}; expected [N, 28, 28].");
        if (labels.Dimensions.Length != 1 || labels.Count != images.Count)
            throw new InvalidDataException($"FashionMnist: {labelFile} has dimensions {Tensor.ShapeText(labels.Dimensions)} but {imageFile} holds {images.Count} images; expected [{images.Count}].");

        int n = Math.Min(count ?? images.Count, images.Count);
        int rows = images.Dimensions[1], cols = images.Dimensions[2];
        int pixels = rows * cols;
        var imageData = new float[n * pixels];
        for (int i = 0; i < imageData.Length; i++) imageData[i] = images.Values[i] / 255f;
        var labelData = new float[n];
        for (int i = 0; i < n; i++)
        {
            byte label = labels.Values[i];
            if (label >= ClassNames.Count)
                throw new InvalidDataException($"FashionMnist: {labelFile} record {i} has label {label}; labels must be 0–9.");
            labelData[i] = label;
        }
        return new FashionMnistData(new Tensor(imageData, n, 1, rows, cols), new Tensor(labelData, n), ClassNames);
    }

    /// <summary>The SHA-256 of a file as lower-case hex.</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static IdxData ReadVerified(string folder, string fileName, Dictionary<string, string>? checksums)
    {
        string path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"FashionMnist: {fileName} is missing; looked for {Path.GetFullPath(path)}. The repository ships data/fashion-mnist/ with " +
                "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz and SHA256SUMS; " +
                "restore them with `git checkout -- data/fashion-mnist` or pass the folder that holds them.", path);
        }
        byte[] bytes = File.ReadAllBytes(path);
        if (checksums is null) return IdxReader.Parse(bytes, path);

        if (!checksums.TryGetValue(fileName, out string? expected))
            throw new InvalidDataException($"FashionMnist: {ChecksumFileName} in {Path.GetFullPath(folder)} has no entry for {fileName}; add one or load with verifyChecksums: false.");
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != expected)
        {
            // A cut-off file also fails the checksum; parsing it first lets the error say "truncated" with the lengths.
            IdxReader.Parse(bytes, path);
            throw new InvalidDataException(
                $"FashionMnist: {Path.GetFullPath(path)} is corrupted: its SHA-256 is {actual} but {ChecksumFileName} expects {expected}. " +
                "Restore the file with `git checkout -- data/fashion-mnist`.");
        }
        return IdxReader.Parse(bytes, path);
    }

    private static Dictionary<string, string> ReadChecksums(string folder)
    {
        string path = Path.Combine(folder, ChecksumFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"FashionMnist: the checksum list {Path.GetFullPath(path)} is missing. The repository ships it in data/fashion-mnist/; " +
                "for other copies of the dataset (e.g. the full Debian files in /usr/share/datasets/fashion-mnist) load with verifyChecksums: false.", path);
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(path))
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            int space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0) throw new InvalidDataException($"FashionMnist: {path} has a line without a file name: \"{trimmed}\"; lines read \"<sha256>  <file>\".");
            result[trimmed[(space + 1)..].TrimStart(' ', '*')] = trimmed[..space].ToLowerInvariant();
        }
        return result;
    }
}
