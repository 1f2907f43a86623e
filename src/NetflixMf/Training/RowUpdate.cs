using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetflixMf.Training;

/// <summary>The SGD step the fused kernels share for a user row and a movie row.</summary>
internal static unsafe class RowUpdate
{
    /// <summary>
    /// p' = p shrinkP + stepP q and q' = q shrinkQ + stepQ p, both from the old p and q (the dot product passes the
    /// same step and shrink for both; SVD++ lets the movie side learn at lanes x the rate).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(float* p, float* q, int k, float stepP, float shrinkP, float stepQ, float shrinkQ)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && (k & 15) == 0)
        {
            var wStepP = Vector512.Create(stepP);
            var wShrinkP = Vector512.Create(shrinkP);
            var wStepQ = Vector512.Create(stepQ);
            var wShrinkQ = Vector512.Create(shrinkQ);
            for (; i < k; i += 16)
            {
                var vp = Vector512.Load(p + i);
                var vq = Vector512.Load(q + i);
                Vector512.Store(Vector512.FusedMultiplyAdd(wStepP, vq, vp * wShrinkP), p + i);
                Vector512.Store(Vector512.FusedMultiplyAdd(wStepQ, vp, vq * wShrinkQ), q + i);
            }
            return;
        }
        var vStepP = new Vector<float>(stepP);
        var vShrinkP = new Vector<float>(shrinkP);
        var vStepQ = new Vector<float>(stepQ);
        var vShrinkQ = new Vector<float>(shrinkQ);
        for (; i <= k - Vector<float>.Count; i += Vector<float>.Count)
        {
            var vp = Vector.Load(p + i);
            var vq = Vector.Load(q + i);
            Vector.Store(Vector.FusedMultiplyAdd(vStepP, vq, vp * vShrinkP), p + i);
            Vector.Store(Vector.FusedMultiplyAdd(vStepQ, vp, vq * vShrinkQ), q + i);
        }
        for (; i < k; i++)
        {
            float pi = p[i];
            float qi = q[i];
            p[i] = pi * shrinkP + stepP * qi;
            q[i] = qi * shrinkQ + stepQ * pi;
        }
    }
}
