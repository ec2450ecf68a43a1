import { conflict, invalidInput, notFound } from '../../errors/engine-error.js';
import { DEFAULT_BUSINESS_ID } from '../events/events-service.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { IngestGuard, IngestRejection } from '../events/ingest-guard.js';
import type { Enforcement, Plan, PlanBody, PlanEvent, PlanVersion } from './plan.js';
import { slugOf } from './plan.js';
import { COVERAGE_MAX_NAMES, coverageRows } from './coverage.js';
import type { PlanCoverageRepo } from './coverage-repo.js';
import type { PlansRepo } from './plans-repo.js';
import { PLAN_TEMPLATES, templateOf } from './templates.js';
import { checkPlanEvents, compilePlan, type CompiledPlan, type PlanIssue } from './validation.js';

/**
 * How long another engine process on the same database may keep enforcing a plan's previous version: each process
 * re-reads a workspace's active plans at most this often (the process that made the change applies it at once).
 */
export const PLAN_REFRESH_MS = 2_000;

/** What a warned event carries in `context.trackingPlans`: one entry per plan it broke. */
export interface PlanViolationNote {
  planId: string;
  version: number;
  violations: PlanIssue[];
}

export interface CreatePlanInput {
  name: string;
  vertical?: string | undefined;
  businessId?: string | undefined;
  enforcement?: Enforcement | undefined;
  allowUnplannedEvents?: boolean | undefined;
  events?: PlanEvent[] | undefined;
}

export interface UpdatePlanInput {
  enforcement?: Enforcement | undefined;
  allowUnplannedEvents?: boolean | undefined;
  /** Added or replaced (by name). */
  upsertEvents?: PlanEvent[] | undefined;
  removeEvents?: string[] | undefined;
}

/** Most events one plan version holds (keeps get_tracking_plan's answer bounded). */
export const MAX_PLAN_EVENTS = 500;

function checkSize(count: number, field: string): void {
  if (count > MAX_PLAN_EVENTS) throw invalidInput(`A tracking plan holds at most ${MAX_PLAN_EVENTS} events`, [{ path: field, message: `would make ${count} events; at most ${MAX_PLAN_EVENTS}` }]);
}

const byName = (a: PlanEvent, b: PlanEvent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class PlansService {
  readonly #active = new Map<string, { loadedAt: number; plans: CompiledPlan[]; loading?: Promise<CompiledPlan[]> }>();
  readonly #compiled = new Map<string, CompiledPlan>();

  readonly #refreshMs: number;
  readonly #coverage: PlanCoverageRepo | undefined;

  constructor(
    readonly repo: PlansRepo,
    private readonly clock: () => number,
    options: { refreshMs?: number | undefined; coverage?: PlanCoverageRepo | undefined } = {},
  ) {
    this.#refreshMs = options.refreshMs ?? PLAN_REFRESH_MS;
    this.#coverage = options.coverage;
  }

  templates = () => PLAN_TEMPLATES;

  async create(workspaceId: string, input: CreatePlanInput): Promise<{ plan: Plan; version: PlanVersion }> {
    const template = input.vertical === undefined ? undefined : templateOf(input.vertical);
    if (input.vertical !== undefined && !template) {
      throw invalidInput(`Unknown vertical '${input.vertical}'; list_tracking_plan_templates lists them`, [
        { path: 'vertical', message: `must be one of ${PLAN_TEMPLATES.map((entry) => entry.vertical).join(', ')}` },
      ]);
    }
    const events = new Map((template?.events ?? []).map((event) => [event.name, event]));
    for (const event of input.events ?? []) events.set(event.name, event);
    if (input.events) checkPlanEvents(input.events);
    checkSize(events.size, 'events');
    const body: PlanBody = {
      enforcement: input.enforcement ?? 'warn',
      allowUnplannedEvents: input.allowUnplannedEvents ?? true,
      events: [...events.values()].sort(byName),
    };
    const now = this.clock();
    const base = slugOf(input.name);
    for (let attempt = 1; attempt <= 50; attempt++) {
      const id = attempt === 1 ? base : `${base}-${attempt}`;
      const plan: Plan = { id, name: input.name, vertical: input.vertical ?? null, businessId: input.businessId ?? null, currentVersion: 1, createdAt: now, updatedAt: now };
      if (await this.repo.create(workspaceId, plan, body)) {
        this.#active.delete(workspaceId);
        return { plan, version: { ...body, version: 1, createdAt: now } };
      }
    }
    throw conflict(`Too many tracking plans named like '${input.name}'; choose another name`);
  }

  async get(workspaceId: string, id: string, version?: number): Promise<{ plan: Plan; version: PlanVersion }> {
    const plan = await this.repo.get(workspaceId, id);
    if (!plan) throw notFound('tracking plan', id, 'list_tracking_plans lists the plans of this workspace');
    const wanted = version ?? plan.currentVersion;
    const found = wanted <= plan.currentVersion ? await this.repo.version(workspaceId, id, wanted) : undefined;
    if (!found) {
      throw invalidInput(`Tracking plan '${id}' has versions 1 to ${plan.currentVersion}`, [
        { path: 'version', message: `must be between 1 and ${plan.currentVersion}` },
      ]);
    }
    return { plan, version: found };
  }

  list = (workspaceId: string, query: { after?: string | undefined; limit: number }) => this.repo.list(workspaceId, query);

  /** Writes the next version (the previous ones stay readable, unchanged); CONFLICT when another update came first. */
  async update(workspaceId: string, id: string, input: UpdatePlanInput): Promise<{ plan: Plan; version: PlanVersion }> {
    const { plan, version } = await this.get(workspaceId, id);
    const events = new Map(version.events.map((event) => [event.name, event]));
    (input.removeEvents ?? []).forEach((name, index) => {
      if (!events.delete(name)) {
        throw invalidInput(`Tracking plan '${id}' has no event '${name}'`, [{ path: `removeEvents[${index}]`, message: `'${name}' is not in the plan` }]);
      }
    });
    if (input.upsertEvents) checkPlanEvents(input.upsertEvents, 'upsertEvents');
    for (const event of input.upsertEvents ?? []) events.set(event.name, event);
    checkSize(events.size, 'upsertEvents');
    const body: PlanBody = {
      enforcement: input.enforcement ?? version.enforcement,
      allowUnplannedEvents: input.allowUnplannedEvents ?? version.allowUnplannedEvents,
      events: [...events.values()].sort(byName),
    };
    const next = plan.currentVersion + 1;
    const now = this.clock();
    if (!(await this.repo.addVersion(workspaceId, id, next, body, now))) {
      throw conflict(`Tracking plan '${id}' changed meanwhile; read it again and retry`, { id });
    }
    this.#active.delete(workspaceId);
    return { plan: { ...plan, currentVersion: next, updatedAt: now }, version: { ...body, version: next, createdAt: now } };
  }

  /**
   * What the window's stored events look like against plan `id` (its current version): one row per event name the
   * plan lists or the window received, and totals. A plan scoped to a business reads that business only.
   */
  async coverage(workspaceId: string, id: string, window: { from: number; to: number; businessId?: string | undefined }): Promise<{ plan: Plan; version: PlanVersion; businessId: string | null } & ReturnType<typeof coverageRows>> {
    const { plan, version } = await this.get(workspaceId, id);
    if (plan.businessId !== null && window.businessId !== undefined && window.businessId !== plan.businessId) {
      throw invalidInput(`Tracking plan '${id}' checks business '${plan.businessId}' only`, [
        { path: 'businessId', message: `must be '${plan.businessId}' (the plan's business) or omitted` },
      ]);
    }
    if (!this.#coverage) throw new Error('Tracking plan coverage needs the event store');
    const businessId = plan.businessId ?? window.businessId;
    const scope = { workspaceId, from: window.from, to: window.to, businessId };
    const [seen, violations] = await Promise.all([this.#coverage.seen(scope, COVERAGE_MAX_NAMES), this.#coverage.violations(scope, id)]);
    return { plan, version, businessId: businessId ?? null, ...coverageRows(version, seen, violations) };
  }

  /** The workspace's enforced plans, compiled; read from storage at most once per refresh interval. */
  async activePlans(workspaceId: string): Promise<CompiledPlan[]> {
    const now = this.clock();
    const cached = this.#active.get(workspaceId);
    if (cached && now - cached.loadedAt < this.#refreshMs) return cached.plans;
    if (cached?.loading) return cached.loading;
    const loading = this.repo.active(workspaceId).then((found) => {
      const plans = found.map(({ plan, version }) => {
        const key = `${workspaceId}\u0000${plan.id}\u0000${version.version}`;
        let compiled = this.#compiled.get(key);
        if (!compiled) this.#compiled.set(key, (compiled = compilePlan(plan, version)));
        return compiled;
      });
      this.#active.set(workspaceId, { loadedAt: now, plans });
      return plans;
    });
    this.#active.set(workspaceId, { loadedAt: cached?.loadedAt ?? -Infinity, plans: cached?.plans ?? [], loading });
    try {
      return await loading;
    } catch (error) {
      this.#active.delete(workspaceId);
      throw error;
    }
  }

  /** The IngestGuard every ingest path runs: block plans refuse, warn plans annotate `context.trackingPlans`. */
  guard(): IngestGuard {
    return {
      check: async (workspaceId, envelopes) => {
        const plans = await this.activePlans(workspaceId);
        if (plans.length === 0) return [];
        const rejected: IngestRejection[] = [];
        envelopes.forEach((envelope, index) => {
          const refusal = this.checkOne(plans, envelope);
          if (refusal) rejected.push({ index, ...refusal });
        });
        return rejected;
      },
    };
  }

  /**
   * Every plan of the event's business (and every all-business plan) checks it. A failed `block` plan refuses it;
   * failed `warn` plans are noted in `context.trackingPlans` and it is stored.
   */
  checkOne(plans: readonly CompiledPlan[], envelope: EventEnvelope): Omit<IngestRejection, 'index'> | undefined {
    const businessId = envelope.businessId ?? DEFAULT_BUSINESS_ID;
    let notes: PlanViolationNote[] | undefined;
    for (const compiled of plans) {
      if (compiled.plan.businessId !== null && compiled.plan.businessId !== businessId) continue;
      const issues = compiled.check(envelope);
      if (issues.length === 0) continue;
      if (compiled.version.enforcement === 'block') {
        return {
          code: 'INVALID_INPUT',
          message: `Event '${envelope.event}' breaks tracking plan '${compiled.plan.id}' (version ${compiled.version.version}): ${issues[0]!.path} ${issues[0]!.message}`,
          issues,
        };
      }
      (notes ??= []).push({ planId: compiled.plan.id, version: compiled.version.version, violations: issues });
    }
    if (notes) envelope.context = { ...envelope.context, trackingPlans: notes };
    return undefined;
  }
}
