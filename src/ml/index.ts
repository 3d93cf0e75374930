// Public surface of src/ml (architecture.md §3.2: named re-exports only, no logic).

export {
  deriveSeed,
  mulberry32,
  sampleKey,
  shuffleInPlace,
  unitHash,
  type Random,
} from './random.js';
export {
  denseDot,
  emptySparseVector,
  normalizeInPlace,
  sparseDot,
  vectorNorm,
  type SparseVector,
} from './sparse-vector.js';

export {
  FEATURE_BUCKETS,
  featureBucket,
  murmur3,
  murmur3Prefixed,
  prefixedFeatureBucket,
} from './text/hashing.js';
export {
  DEFAULT_ENCODER_PIECES,
  FULL_TEXT_MAX_LENGTH,
  cleanBody,
  cleanSubject,
  encoderInputText,
  normalizeText,
  prepareCommentText,
  type CleanedBody,
  type CommentStructure,
  type CommentTextInput,
  type PreparedText,
  type TextPart,
} from './text/prepare-text.js';
export { findReplyHeader, type ReplyHeader } from './text/reply-headers.js';
export { countSparseFeatures, type FeatureCounts } from './text/sparse-features.js';
export {
  createDocumentFrequencies,
  fitCorpusStats,
  sumDocumentFrequencies,
  tfidfVector,
  updateDocumentFrequencies,
  vocabularyLookup,
  type CorpusStats,
  type DocumentFrequencies,
} from './text/tfidf.js';
export { capCodeUnits, collapseWhitespace, countWords, sparseTokens } from './text/tokenize.js';

export {
  buildFeatureMatrix,
  channelWeights,
  selectRows,
  type FeatureMatrix,
} from './embeddings/combine-channels.js';
export {
  EmbedderUnavailableError,
  type DenseEmbedder,
  type EmbedInput,
  type EmbedResult,
  type Embedder,
  type SparseEmbedder,
} from './embeddings/embedder.js';
export {
  MINILM_REFERENCE,
  USE_LITE_REFERENCE,
  runEmbedderSelfTest,
  type EmbedderReference,
} from './embeddings/embedder-self-test.js';
export {
  HASHED_TFIDF_EMBEDDER_ID,
  createHashedTfidfEmbedder,
} from './embeddings/hashed-tfidf-embedder.js';
export {
  MINILM_EMBEDDER_ID,
  createMiniLmEmbedder,
  type MiniLmEngine,
  type MiniLmOptions,
} from './embeddings/minilm-embedder.js';
export {
  USE_LITE_NAME,
  createUseLiteEmbedder,
  useLiteEmbedderId,
  type UseLiteOptions,
} from './embeddings/use-lite-embedder.js';

export {
  oneVsRestLogisticRegression,
  type Classifier,
  type ClassifierFile,
  type ClassifierFitOptions,
  type ClassifierTrainingData,
  type TrainedClassifier,
} from './classifier/classifier.js';
export {
  LABEL_SEPARATOR,
  applyHierarchyConsistency,
  buildLabelHierarchy,
  isAncestor,
  targetsFromAssignments,
  type LabelHierarchy,
} from './classifier/label-hierarchy.js';
export {
  createLinearScorer,
  type LinearScorer,
  type LinearWeights,
  type ScoreMatrix,
} from './classifier/linear-scorer.js';
export {
  balancedClassWeights,
  classWeightShift,
  sigmoid,
  softplus,
} from './classifier/logistic.js';
export {
  MODEL_FILE_FORMAT_VERSION,
  ModelFileError,
  modelFromFile,
  modelToFile,
  type ModelFileContents,
  type ModelFileGroup,
} from './classifier/model-file.js';
export {
  DEFAULT_C,
  MAX_ITERATIONS,
  fitOneVsRest,
  fitOneVsRestAsync,
  type LabelFit,
  type LabelFitStatus,
  type OvrFit,
  type OvrTrainingInput,
  type WarmStart,
} from './classifier/one-vs-rest.js';
export { randomBaselineProbability } from './classifier/random-baseline.js';
export { mapWarmStart } from './classifier/warm-start.js';

export {
  DEFAULT_LAMBDA_C,
  PER_LABEL_MIN_POSITIVES,
  calibrateGroup,
  calibratedProbabilities,
  fitGroupCalibrators,
  shiftScores,
  type CalibrationReport,
  type GroupCalibration,
  type GroupCalibrationInput,
  type GroupCalibrators,
} from './calibration/calibrate-group.js';
export {
  CALIBRATION_BINS,
  ReliabilityAccumulator,
  expectedCalibrationError,
  type ReliabilityBin,
} from './calibration/ece.js';
export {
  IDENTITY_PLATT,
  applyPlatt,
  fitPlatt,
  plattTargets,
  type PlattData,
  type PlattOptions,
  type PlattParameters,
} from './calibration/platt.js';

export { averagePrecision } from './validation/average-precision.js';
export {
  MIN_BIAS_SAMPLE,
  annotationSourceRatios,
  biasModelScore,
  isBiasedLabel,
  mannWhitneyAuc,
  type AnnotationSourceRatios,
} from './validation/balance.js';
export {
  accuracy,
  classMetrics,
  confusionMatrix,
  macroF1,
  type ClassMetrics,
  type ConfusionMatrix,
} from './validation/classification-metrics.js';
export {
  coverageContributors,
  findInformativeLabels,
  uninformativeShare,
  type CoverageContributors,
  type InformativeLabels,
} from './validation/coverage.js';
export {
  RECALL_GRID,
  cooccurrenceCounts,
  datasetPrecisionMetrics,
  type DatasetPrecisionMetrics,
  type LabelPrecisionSummary,
} from './validation/dataset-metrics.js';
export {
  findConfusedPairs,
  healthOfAveragePrecision,
  labelHealth,
  labelQuality,
  piecewiseLinear,
  reviewCandidates,
  type ConfusedPair,
  type LabelActionKind,
  type LabelHealth,
  type LabelHealthInput,
  type LabelHealthItem,
  type LabelQuality,
  type LabelWarningKind,
} from './validation/label-health.js';
export {
  additionalExamplesNeeded,
  fitLearningCurve,
  predictedAveragePrecision,
  type LearningCurveFit,
  type LearningPoint,
} from './validation/learning-curve.js';
export {
  RATING_BINS,
  balanceScore,
  modelRating,
  ratingQuality,
  roundHalfAwayFromZero,
  type ModelRating,
  type RatingBalance,
  type RatingFactor,
  type RatingFactorKind,
  type RatingGroup,
  type RatingLabel,
  type RatingQuality,
} from './validation/model-rating.js';
export {
  interpolatedPrecision,
  precisionRecallCurve,
  type PrecisionRecallCurve,
} from './validation/pr-curve.js';
export {
  CROSS_VALIDATION_BELOW,
  FOLD_COUNT,
  MIN_COMMENTS_THRESHOLD,
  VALIDATION_FRACTION,
  chooseValidationMode,
  foldOf,
  isValidationComment,
  splitAssignments,
  type ValidationMode,
  type ValidationModeSetting,
} from './validation/split.js';
export {
  DEFAULT_LABEL_THRESHOLD,
  HIGH_TARGET,
  pointAtThreshold,
  reachedThresholds,
  suggestThresholds,
  type SuggestedThresholds,
} from './validation/thresholds.js';

export { loadModelGroup, loadModelGroups, type LoadedGroup } from './training/score-model.js';
export {
  BIAS_GROUP,
  trainModel,
  type LabelValidation,
  type OvrFitter,
  type TrainedGroup,
  type TrainedModel,
  type TrainingGroupInput,
  type TrainingInput,
  type ValidationScores,
} from './training/train-model.js';
export {
  discoverThemes,
  MIN_POPULATION,
  type DiscoveredTheme,
  type DiscoverResult,
} from './clustering/discover-themes.js';
export { normaliseRows, sphericalKMeans } from './clustering/spherical-kmeans.js';
export { adjustedRandIndex, normalizedMutualInformation } from './clustering/clustering-metrics.js';
export { classTfidfKeywords } from './clustering/class-tfidf.js';

export {
  BUILTIN_FIELD_KINDS,
  compileField,
  defaultLocaleOf,
  extractFields,
  fieldContext,
  isRuleField,
  loadNameTagger,
  type CommentText,
  type CompiledField,
  type FieldExtraction,
  type FieldWarning,
  type WireSpan,
} from './fields/index.js';
