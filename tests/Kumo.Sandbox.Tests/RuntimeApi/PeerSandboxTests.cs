using Kumo.Sandbox.RuntimeApi;

namespace Kumo.Sandbox.Tests.RuntimeApi;

public sealed class PeerSandboxTests
{
    private static readonly SandboxSession Session = new("kumo-test", "/nonexistent/init.pid");

    [Fact]
    public async Task WaitForSession_PidFileWrittenRightAfterALookUpMissed_FindsTheSession()
    {
        // The race a stem's kumo-init met under load: its look-up misses, then runc writes its pid file before the
        // "is any sandbox still starting?" check, which then says no. The connection must not be turned away.
        var written = false;
        bool AnyStarting() => !written;
        SandboxSession? Find()
        {
            if (written)
            {
                return Session;
            }

            written = true;
            return null;
        }

        var found = await PeerSandbox.WaitForSessionAsync(AnyStarting, Find, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Same(Session, found);
    }

    [Fact]
    public async Task WaitForSession_NoSuchSessionAndNoneStarting_IsNullAtOnce()
    {
        var lookUps = 0;

        var found = await PeerSandbox.WaitForSessionAsync(() => false, () => { lookUps++; return null; }, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(1, lookUps);
    }

    [Fact]
    public async Task WaitForSession_SomeSandboxStartsForeverButNotThisOne_GivesUpAfterTheWait()
    {
        var found = await PeerSandbox.WaitForSessionAsync(() => true, () => null, TimeSpan.FromMilliseconds(20), CancellationToken.None);

        Assert.Null(found);
    }
}
