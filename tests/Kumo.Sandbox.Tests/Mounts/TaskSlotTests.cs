using Kumo.Sandbox.Mounts;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests.Mounts;

public sealed class TaskSlotTests
{
    private const string Slot = "/data/sandbox/bundles/kumo-1/task";

    private static IReadOnlyList<MountEntry> Table(string mountinfo) => MountTable.Parse(mountinfo.ReplaceLineEndings("\n"));

    [Fact]
    public void Unseen_OneSharedMountAtThePath_IsFine() =>
        Assert.Null(TaskSlot.Unseen(Table($"43 27 254:0 {Slot} {Slot} rw,relatime shared:2 - ext4 /dev/vda rw"), Slot));

    [Fact]
    public void Unseen_TheMountUnderAnotherName_SaysTheTableDoesNotShowIt_AndAsksAboutLinks()
    {
        // Mounted through a link: the kernel names it by the real path, /srv/data/….
        var problem = TaskSlot.Unseen(Table("43 27 254:0 /srv/data/sandbox/bundles/kumo-1/task /srv/data/sandbox/bundles/kumo-1/task rw shared:2 - ext4 /dev/vda rw"), Slot);

        Assert.NotNull(problem);
        Assert.Contains("shows no mount at that path", problem, StringComparison.Ordinal);
        Assert.Contains("symbolic link", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unseen_APrivateMount_OrTwoMounts_AreProblems()
    {
        Assert.Contains("not", TaskSlot.Unseen(Table($"43 27 254:0 {Slot} {Slot} rw - ext4 /dev/vda rw"), Slot), StringComparison.Ordinal);
        Assert.Contains("2 mounts", TaskSlot.Unseen(Table($"""
            43 27 254:0 {Slot} {Slot} rw shared:2 - ext4 /dev/vda rw
            44 43 254:0 /data/code/abc {Slot} ro shared:3 - ext4 /dev/vda rw
            """), Slot), StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_ThroughALink_NamesTheSlotByItsRealPath_AndDetachLeavesNothing()
    {
        using var real = new TempDirectory();
        using var links = new TempDirectory();
        var linked = Path.Combine(links.Path, "srv");
        Directory.CreateSymbolicLink(linked, real.Path);

        var slot = TaskSlot.Prepare(Path.Combine(linked, "bundle", "task"));
        try
        {
            Assert.Equal(Path.Combine(real.Path, "bundle", "task"), slot.Path);
            Assert.Single(slot.Mounts());
        }
        finally
        {
            Assert.Null(slot.Detach());
        }

        Assert.Empty(MountTable.Under(MountTable.Read(), real.Path));
    }

    [Fact]
    public void RealPath_ResolvesLinks_AndKeepsTheMissingRest()
    {
        using var real = new TempDirectory();
        using var links = new TempDirectory();
        var linked = Path.Combine(links.Path, "srv");
        Directory.CreateSymbolicLink(linked, real.Path);

        Assert.Equal(real.Path, RealPath.Of(linked + "/"));
        Assert.Equal(Path.Combine(real.Path, "not", "yet"), RealPath.Of(Path.Combine(linked, "not", "yet")));
        Assert.Equal(Path.Combine(real.Path, "x"), RealPath.Of(Path.Combine(linked, "sub", "..", "x")));
    }
}
