using Kumo.Sandbox.Mounts;

namespace Kumo.Sandbox.Tests.Mounts;

public sealed class MountTableTests
{
    private const string Mountinfo = """
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
        43 27 254:0 /data/sandbox/bundles/kumo-1/task /data/sandbox/bundles/kumo-1/task rw,relatime shared:2 - ext4 /dev/vda rw
        44 43 254:0 /data/code/abc /data/sandbox/bundles/kumo-1/task ro,nosuid,nodev,relatime shared:3 - ext4 /dev/vda rw
        45 27 254:0 /data/sandbox/bundles/kumo-10/task /data/sandbox/bundles/kumo-10/task rw,relatime shared:4 - ext4 /dev/vda rw
        46 27 0:50 / /mnt/with\040space\134and\011tab rw master:7 - tmpfs tmpfs rw
        a line that is not a mount
        """;

    private static readonly IReadOnlyList<Kumo.Sandbox.Mounts.MountEntry> Mounts = MountTable.Parse(Mountinfo.ReplaceLineEndings("\n"));

    [Fact]
    public void Parse_ReadsEveryMount_SkipsOtherLines()
    {
        Assert.Equal([27, 43, 44, 45, 46], Mounts.Select(m => m.Id));
        var code = Mounts.Single(m => m.Id == 44);
        Assert.Equal(43, code.ParentId);
        Assert.Equal("/data/code/abc", code.Root);
        Assert.Equal("/data/sandbox/bundles/kumo-1/task", code.MountPoint);
        Assert.True(code.IsReadOnly);
        Assert.Equal(3, code.SharedGroup);
        Assert.False(Mounts.Single(m => m.Id == 43).IsReadOnly);
        Assert.Null(Mounts.Single(m => m.Id == 46).SharedGroup);
        Assert.Equal(["master:7"], Mounts.Single(m => m.Id == 46).Propagation);
    }

    [Fact]
    public void Parse_UnescapesOctalEscapesInPaths() =>
        Assert.Equal("/mnt/with space\\and\ttab", Mounts.Single(m => m.Id == 46).MountPoint);

    [Fact]
    public void Under_TheFolderAndBelow_MostRecentFirst_NotASiblingWithTheSamePrefix()
    {
        Assert.Equal([44, 43], MountTable.Under(Mounts, "/data/sandbox/bundles/kumo-1").Select(m => m.Id));
        Assert.Equal([45, 44, 43], MountTable.Under(Mounts, "/data/sandbox/bundles/").Select(m => m.Id));
        Assert.Empty(MountTable.Under(Mounts, "/data/sandbox/bundles/kumo-2"));
    }

    [Fact]
    public void At_OnlyTheMountsOnThatPath_LowestFirst() =>
        Assert.Equal([43, 44], MountTable.At(Mounts, "/data/sandbox/bundles/kumo-1/task").Select(m => m.Id));

    [Fact]
    public void Read_TheHostsOwnTable_HasTheRoot() =>
        Assert.Contains(MountTable.Read(), m => m.MountPoint == "/");
}
