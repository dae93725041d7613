using Kumo.Core.Packages;
using Kumo.Testing;

namespace Kumo.Core.Tests.Packages;

public sealed class PackageInspectorTests
{
    private static readonly PackageLimits Limits = new();

    [Fact]
    public void Inspect_OrdinaryPackage_IsValidWithItsEntries()
    {
        using var zip = Zips.Make(
            ("bootstrap", "#!/bin/sh\n", Zips.File(0b111_101_101)),
            ("lib/util.py", "x = 1\n", Zips.File(0b110_100_100)),
            ("lib/current", "util.py", Zips.Link));

        var inspection = PackageInspector.Inspect(zip, Limits);

        Assert.True(inspection.IsValid, string.Join("; ", inspection.Problems));
        Assert.Equal(["bootstrap", "lib/util.py", "lib/current"], inspection.Entries.Select(e => e.Path));
        Assert.Equal(PackageEntryKind.SymbolicLink, inspection.Entries[2].Kind);
        Assert.Equal(0b111_101_101, inspection.Entries[0].UnixMode);
    }

    [Theory]
    [InlineData("../escape.txt", "climbs out of the package")]
    [InlineData("lib/../../escape.txt", "climbs out of the package")]
    [InlineData("..\\escape.txt", "climbs out of the package")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("C:/windows/x", "absolute path")]
    public void Inspect_ZipSlip_IsRefusedNamingTheEntry(string name, string expected)
    {
        using var zip = Zips.Make(("ok.txt", "fine", Zips.File(0b110_100_100)), (name, "evil", Zips.File(0b110_100_100)));

        var problem = Assert.Single(PackageInspector.Inspect(zip, Limits).Problems);

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("link", "/etc/shadow")]
    [InlineData("link", "../outside")]
    [InlineData("a/b/link", "../../../outside")]
    public void Inspect_LinkPointingOutside_IsRefused(string name, string target)
    {
        using var zip = Zips.Make((name, target, Zips.Link));

        var problem = Assert.Single(PackageInspector.Inspect(zip, Limits).Problems);

        Assert.Contains("symbolic link that points outside the package", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_LinkInsideThePackage_IsAccepted()
    {
        using var zip = Zips.Make(("a/b/link", "../../c/file", Zips.Link));

        Assert.True(PackageInspector.Inspect(zip, Limits).IsValid);
    }

    [Fact]
    public void Inspect_ZipBomb_IsRefusedByItsCompressionRatio()
    {
        using var zip = Zips.Make(("zeros.bin", new string('0', 20 * 1024 * 1024), Zips.File(0b110_100_100)));

        var problem = Assert.Single(PackageInspector.Inspect(zip, Limits).Problems);

        Assert.Contains("as zip bombs do", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_TooLargeUnzipped_IsRefused()
    {
        using var zip = Zips.Make(("a.txt", new string('a', 3000), Zips.File(0b110_100_100)));

        var problem = Assert.Single(PackageInspector.Inspect(zip, Limits with { MaxUnzippedBytes = 2000 }).Problems);

        Assert.Equal("the package unzips to 3000 bytes; the limit is 2000 bytes unzipped", problem);
    }

    [Fact]
    public void Inspect_TooLargeZipped_IsRefusedBeforeItIsRead()
    {
        using var zip = Zips.Make(("a.txt", "a", Zips.File(0b110_100_100)));

        var problem = Assert.Single(PackageInspector.Inspect(zip, Limits with { MaxZippedBytes = 10 }).Problems);

        Assert.StartsWith("the package is ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_TooManyEntries_IsRefused()
    {
        using var zip = Zips.Make(Enumerable.Range(0, 5).Select(i => ($"f{i}", "x", Zips.File(0b110_100_100))).ToArray());

        var problem = Assert.Single(PackageInspector.Inspect(zip, Limits with { MaxEntries = 4 }).Problems);

        Assert.Equal("the package has 5 entries; the limit is 4", problem);
    }

    [Fact]
    public void Inspect_NotAZip_SaysSo()
    {
        using var notZip = new MemoryStream("this is plain text, not a zip"u8.ToArray());

        Assert.StartsWith("the package is not a valid zip file", Assert.Single(PackageInspector.Inspect(notZip, Limits).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SeveralProblems_AreAllReported()
    {
        using var zip = Zips.Make(("../a", "x", Zips.File(0b110_100_100)), ("/b", "x", Zips.File(0b110_100_100)), ("c", "/d", Zips.Link));

        Assert.Equal(3, PackageInspector.Inspect(zip, Limits).Problems.Count);
    }

    [Fact]
    public void Inspect_DuplicateEntries_AreRefused()
    {
        using var zip = Zips.Make(("a.txt", "1", Zips.File(0b110_100_100)), ("./a.txt", "2", Zips.File(0b110_100_100)));

        Assert.Equal("entry 'a.txt' appears more than once", Assert.Single(PackageInspector.Inspect(zip, Limits).Problems));
    }
}
