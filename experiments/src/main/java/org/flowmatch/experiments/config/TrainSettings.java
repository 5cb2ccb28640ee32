package org.flowmatch.experiments.config;

import java.util.List;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.config.Parameters;
import org.flowmatch.models.training.LearningRateSchedule;
import org.flowmatch.models.training.TimeSampler;
import org.flowmatch.models.training.TrainConfig;

/**
 * The {@code train} section: the optimiser, schedule, EMA, time sampling and checkpointing of conditional flow
 * matching.
 *
 * @param config the optimiser settings
 * @param coupling the registered coupling's name
 * @param timeSampler the distribution of training times
 * @param checkpointEvery write a checkpoint every this many steps (and at the end)
 */
public record TrainSettings(TrainConfig config, String coupling, TimeSampler timeSampler, int checkpointEvery) {

  public static final List<Key> KEYS = List.of(
      Key.of("steps", 2000, "optimiser steps"),
      Key.of("batch_size", 512, "samples per step"),
      Key.of("lr", 1e-3, "peak learning rate"),
      Key.of("optimizer", "adam", "adam or adamw"),
      Key.of("weight_decay", 0.0, "decoupled weight decay (AdamW); needs optimizer adamw when positive"),
      Key.of("beta1", 0.9, "Adam's first-moment decay"),
      Key.of("beta2", 0.999, "Adam's second-moment decay"),
      Key.of("eps", 1e-8, "Adam's epsilon"),
      Key.of("schedule", "constant", "constant or warmup-cosine"),
      Key.of("warmup_steps", 100, "linear warm-up steps of warmup-cosine"),
      Key.of("min_lr_fraction", 0.1, "final learning rate of warmup-cosine, as a fraction of lr"),
      Key.of("grad_clip", 0.0, "largest global gradient norm; 0 for none"),
      Key.of("ema_decay", 0.999, "decay of the weights' moving average used for sampling; 0 for none"),
      Key.of("coupling", "independent", "how x0 and x1 are paired in a batch (a registered coupling)"),
      Key.of("coupling_reg", 0.05, "entropic regularisation of coupling sinkhorn, in squared distance units"),
      Key.of("time_sampler", "uniform", "uniform or logit-normal"),
      Key.of("time_mean", 0.0, "logit-normal location"),
      Key.of("time_std", 1.0, "logit-normal scale"),
      Key.of("log_every", 500, "log the mean loss every this many steps; 0 for never"),
      Key.of("checkpoint_every", 1000, "write a checkpoint every this many steps"),
      Key.of("uncond_prob", TrainConfig.DEFAULT_UNCOND_PROB, "probability of dropping a row's condition when a"
          + " conditional model is trained (classifier-free guidance needs the unconditional field)"));

  /** Reads the section; every error names the key and the value. */
  public static TrainSettings from(Parameters p) {
    String optimizer = p.string("optimizer", "adam");
    if (!optimizer.equals("adam") && !optimizer.equals("adamw")) {
      throw p.invalid("optimizer", "must be adam or adamw");
    }
    double weightDecay = p.number("weight_decay", 0);
    if (weightDecay > 0 && optimizer.equals("adam")) {
      throw p.invalid("weight_decay", "needs train.optimizer: adamw (decoupled decay)");
    }
    double lr = p.number("lr", 1e-3);
    String scheduleName = p.string("schedule", "constant");
    LearningRateSchedule schedule = switch (scheduleName) {
      case "constant" -> LearningRateSchedule.constant(lr);
      case "warmup-cosine" -> LearningRateSchedule.warmupCosine(lr, p.integer("warmup_steps", 100),
          p.number("min_lr_fraction", 0.1));
      default -> throw p.invalid("schedule", "must be constant or warmup-cosine");
    };
    TimeSampler times = switch (p.string("time_sampler", "uniform")) {
      case "uniform" -> TimeSampler.uniform();
      case "logit-normal" -> TimeSampler.logitNormal(p.number("time_mean", 0), p.number("time_std", 1));
      default -> throw p.invalid("time_sampler", "must be uniform or logit-normal");
    };
    TrainConfig config = new TrainConfig(p.integer("steps", 2000), p.integer("batch_size", 512), schedule,
        p.number("beta1", 0.9), p.number("beta2", 0.999), p.number("eps", 1e-8), weightDecay,
        p.number("grad_clip", 0), p.number("ema_decay", 0.999), p.integer("log_every", 500));
    if (p.has("uncond_prob")) { // read only when set, so that unconditional runs keep their resolved config
      double uncond = p.number("uncond_prob", TrainConfig.DEFAULT_UNCOND_PROB);
      if (!(uncond >= 0 && uncond <= 1)) {
        throw p.invalid("uncond_prob", "must lie in [0, 1]");
      }
      config = config.withUncondProb(uncond);
    }
    int checkpointEvery = p.integer("checkpoint_every", 1000);
    if (checkpointEvery <= 0) {
      throw p.invalid("checkpoint_every", "must be positive");
    }
    return new TrainSettings(config, p.string("coupling", "independent"), times, checkpointEvery);
  }
}
