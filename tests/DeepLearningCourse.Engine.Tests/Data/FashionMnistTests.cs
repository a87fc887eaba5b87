using System.IO.Compression;

namespace DeepLearningCourse.Engine.Tests.Data;

public sealed class FashionMnistTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("fmnist-test-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string ShippedFolder => Path.Combine(DataDirectory.Find(AppContext.BaseDirectory), FashionMnist.FolderName);

    /// <summary>Copies the shipped files to a temp folder so a test can damage them.</summary>
    private string CopyShipped()
    {
        string folder = Path.Combine(_temp, FashionMnist.FolderName);
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(ShippedFolder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }

    [Fact]
    public void DataDirectory_walks_up_from_the_test_output_folder()
    {
        string data = DataDirectory.Find(AppContext.BaseDirectory);
        Assert.Equal("data", Path.GetFileName(data));
        Assert.True(File.Exists(Path.Combine(data, "fashion-mnist", "SHA256SUMS")));
        var ex = Assert.Throws<DirectoryNotFoundException>(() => DataDirectory.Find(_temp));
        Assert.Contains(_temp, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_the_shipped_training_subset()
    {
        var train = FashionMnist.Load(DataDirectory.Find(AppContext.BaseDirectory));
        Assert.Equal([10000, 1, 28, 28], train.Images.Shape);
        Assert.Equal([10000], train.Labels.Shape);
        Assert.InRange(train.Images.Data.Min(), 0f, 0f);
        Assert.Equal(1f, train.Images.Data.Max());
        // Class counts of the subset, as listed in data/fashion-mnist/README.md.
        int[] counts = new int[10];
        foreach (float label in train.Labels.Data) counts[(int)label]++;
        Assert.Equal([942, 1027, 1016, 1019, 974, 989, 1021, 1022, 990, 1000], counts);
        // First training image of Fashion-MNIST is an ankle boot (label 9).
        Assert.Equal(9f, train.Labels.Data[0]);
        Assert.Equal("Ankle boot", train.ClassNames[9]);
        Assert.Equal([10000, 784], train.FlatImages().Shape);
    }

    [Fact]
    public void Loads_the_test_split_and_honours_count()
    {
        var test = FashionMnist.Load(ShippedFolder, FashionMnistSplit.Test, count: 100);
        Assert.Equal([100, 1, 28, 28], test.Images.Shape);
        Assert.Equal(100, test.Count);
        Assert.Equal(2000, FashionMnist.Load(ShippedFolder, FashionMnistSplit.Test).Count);
    }

    [Fact]
    public void Missing_file_says_where_it_looked_and_what_ships()
    {
        string folder = CopyShipped();
        File.Delete(Path.Combine(folder, "train-labels-idx1-ubyte.gz"));
        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_temp));
        Assert.Contains("train-labels-idx1-ubyte.gz is missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains(folder, ex.Message, StringComparison.Ordinal);
        Assert.Contains("SHA256SUMS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_checksum_list_is_reported()
    {
        string folder = CopyShipped();
        File.Delete(Path.Combine(folder, "SHA256SUMS"));
        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_temp));
        Assert.Contains("checksum list", ex.Message, StringComparison.Ordinal);
        Assert.Equal(10000, FashionMnist.Load(_temp, verifyChecksums: false).Count);
    }

    [Fact]
    public void Truncated_file_reports_expected_and_actual_length()
    {
        string folder = CopyShipped();
        string path = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        // Rewrite as a valid gzip of a cut-off IDX file: header says 2000 images, only 1000 follow.
        byte[] raw = IdxRaw(path);
        File.WriteAllBytes(path, Gzip(raw[..(16 + 1000 * 784)]));
        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp, FashionMnistSplit.Test));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1,568,000", ex.Message, StringComparison.Ordinal); // expected 2000·784
        Assert.Contains("784,000", ex.Message, StringComparison.Ordinal); // actual 1000·784
    }

    [Fact]
    public void Gzip_cut_short_is_reported_as_truncated()
    {
        string folder = CopyShipped();
        string path = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp, FashionMnistSplit.Test));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupted_file_reports_checksum_mismatch()
    {
        string folder = CopyShipped();
        string path = Path.Combine(folder, "t10k-labels-idx1-ubyte.gz");
        byte[] raw = IdxRaw(path);
        raw[^1] = (byte)((raw[^1] + 1) % 10); // same length, one label changed
        File.WriteAllBytes(path, Gzip(raw));
        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_temp, FashionMnistSplit.Test));
        Assert.Contains("corrupted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("6a1ad38ad7d33240e59f70a44ddce4e9483e573ffad983d287064bd467dcbd4e", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdxReader_reads_raw_files_and_rejects_bad_headers()
    {
        string raw = Path.Combine(_temp, "tiny-idx1-ubyte");
        File.WriteAllBytes(raw, [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
        var data = IdxReader.Read(raw);
        Assert.Equal([2, 3], data.Dimensions);
        Assert.Equal([1, 2, 3, 4, 5, 6], data.Values);
        Assert.Equal(2, data.Count);

        File.WriteAllBytes(raw, [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        Assert.Contains("type 0x0D", Assert.Throws<InvalidDataException>(() => IdxReader.Read(raw)).Message, StringComparison.Ordinal);
        File.WriteAllBytes(raw, [1, 2, 3, 4]);
        Assert.Contains("not an IDX file", Assert.Throws<InvalidDataException>(() => IdxReader.Read(raw)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(Path.Combine(_temp, "nope")));
    }

    private static byte[] IdxRaw(string gzPath)
    {
        using var gzip = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gzip.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gzip = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return ms.ToArray();
    }
}
