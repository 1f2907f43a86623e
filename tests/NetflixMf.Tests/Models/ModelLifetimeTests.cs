using NetflixMf.Models;

namespace NetflixMf.Tests.Models;

/// <summary>A model disposed while threads use it (a server's hot swap), issue #12 item 4; Recommend sizes, item 12.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelLifetimeTests
{
    [Theory]
    [InlineData("dot")]
    [InlineData("mlp")]
    public void Dispose_WhileEightThreadsPredictAndRecommend_InFlightCallsFinishLaterOnesThrowDisposed(string head)
    {
        // Tables over the fixed 4 MiB mmap threshold: glibc maps them on their own and unmaps them on free, so memory
        // freed under a running call faults at once instead of being read as stale heap.
        NetflixMf.Shared.NativeHeap.LimitGrowth();
        var model = ModelBuilder.Random(3000, 20000, 64, head == "mlp" ? HeadFactory.Mlp() : null);
        float expected = model.Predict(7, 9);
        const int threads = 8;
        using var warmedUp = new CountdownEvent(threads);
        var unexpected = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var disposedSeen = new int[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            bool signalled = false;
            float[] batch = new float[64];
            int[] users = [.. Enumerable.Range(1, 64)];
            try
            {
                for (int call = 0; ; call++)
                {
                    if (call == 20 && !signalled)
                    {
                        warmedUp.Signal();
                        signalled = true;
                    }
                    if (t % 2 == 0)
                    {
                        float value = model.Predict(7, 9);
                        if (value != expected) throw new InvalidOperationException($"predicted {value}, expected {expected}");
                        model.Predict(users, users, batch);
                    }
                    else
                    {
                        var top = model.Recommend(1 + call % 3000, 10);
                        if (top.Count != 10) throw new InvalidOperationException($"{top.Count} recommendations");
                    }
                }
            }
            catch (ObjectDisposedException)
            {
                disposedSeen[t] = 1;
            }
            catch (Exception e)
            {
                unexpected.Add(e);
            }
            finally
            {
                if (!signalled) warmedUp.Signal();
            }
        })).ToList();
        workers.ForEach(w => w.Start());

        warmedUp.Wait();
        model.Dispose();
        workers.ForEach(w => w.Join());

        unexpected.Should().BeEmpty();
        disposedSeen.Should().AllBeEquivalentTo(1, "every thread goes on until its next call meets the disposed model");
        model.IsFreed.Should().BeTrue("the native memory is freed once the last call in flight returns");
        var later = () => model.Predict(1, 1);
        later.Should().Throw<ObjectDisposedException>();
        model.Dispose(); // twice is fine
    }

    [Fact]
    public void Dispose_WithNoCallInFlight_FreesAtOnce()
    {
        var model = ModelBuilder.Random(10, 10, 4);
        model.Dispose();
        model.IsFreed.Should().BeTrue();
        var act = () => model.Recommend(1, 3);
        act.Should().Throw<ObjectDisposedException>();
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(100_000_000)]
    public void Recommend_CountFarAboveTheCatalogue_ReturnsTheWholeCatalogueWithoutAHugeAllocation(int count)
    {
        using var model = ModelBuilder.Random(30, 250, 8);
        model.Recommend(1, 5); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();

        var top = model.Recommend(1, count);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
        top.Should().HaveCount(250);
        top.Select(r => r.PredictedRating).Should().BeInDescendingOrder();
    }
}
