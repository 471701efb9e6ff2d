// 受理台 — the hotline agent's console, built for a whole day at the keyboard: the caller's number first (with
// their history beside it), the nature by digit, the category by pinyin initials, the place by search or pin,
// the description, photos the caller sent (up to 9, the same picker as the citizen form), Ctrl+Enter. One
// Idempotency-Key per call, so a double submit never makes two cases; the number then shows big with copy
// (IntakeFiled), and Enter starts the next call.
import { Button, Card, Checkbox, Col, Flex, Input, Radio, Row, Select, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type CategoryHit,
  type CreatedCase,
  type CreateCaseInput,
  casesApi,
  type DuplicateCandidate,
  type KnowledgeEntry,
  NATURES,
  type Nature,
} from '../../api/cases';
import { useAuth } from '../../app/auth';
import { errorMessage } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { PhotoPicker } from './citizen/PhotoPicker';
import { type PreparedPhoto, toUpload } from './citizen/photos';
import { AttributeFields, CategoryPicker, Field, LocationPicker, type PickedLocation } from './IntakeFields';
import { IntakeFiled, type IntakeOutcome } from './IntakeFiled';
import { CallerHistory, DuplicatesPanel, KnowledgePanel } from './IntakePanels';
import { useCaseText } from './labels';

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

interface Form {
  phone: string;
  nature: Nature | null;
  category: CategoryHit | null;
  attributes: Record<string, string | number | string[]>;
  componentId: string;
  location: PickedLocation | null;
  address: string;
  description: string;
  photos: PreparedPhoto[];
  name: string;
  anonymous: boolean;
  confidential: boolean;
  urgency: 'normal' | 'urgent';
  channel: string;
}

const EMPTY: Form = {
  phone: '',
  nature: null,
  category: null,
  attributes: {},
  componentId: '',
  location: null,
  address: '',
  description: '',
  photos: [],
  name: '',
  anonymous: false,
  confidential: false,
  urgency: 'normal',
  channel: 'phone',
};

const focus = (testId: string) => (document.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null)?.focus();

export default function IntakePage() {
  const { t, label } = useCaseText();
  const { can } = useAuth();
  const [form, setForm] = useState<Form>(EMPTY);
  const [formKey, setFormKey] = useState(0); // remounts the searches on reset
  const idempotencyKey = useRef(newKey());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<IntakeOutcome | null>(null);
  const set = useCallback(<K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v })), []);

  const reset = useCallback(() => {
    setForm(EMPTY);
    setFormKey((k) => k + 1);
    setOutcome(null);
    setError(null);
    idempotencyKey.current = newKey();
    setTimeout(() => focus('intake-phone'), 0);
  }, []);

  const problems = useMemo(() => {
    const p: string[] = [];
    if (!form.category) p.push(t('pickCategory'));
    if (!form.description.trim()) p.push(t('needDescription'));
    for (const a of form.category?.attributes ?? []) {
      const v = form.attributes[a.code];
      if (a.required && (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)))
        p.push(`${t('required')}: ${a.description ?? a.code}`);
    }
    if (form.category?.concernsComponent && !form.componentId.trim()) p.push(`${t('required')}: ${t('componentId')}`);
    return p;
  }, [form, t]);

  const body = useCallback((): CreateCaseInput => {
    const f = form;
    return {
      channel: f.channel,
      nature: f.nature ?? (f.category?.natureHint as Nature | undefined) ?? 'help',
      categoryId: f.category!.id,
      urgency: f.urgency,
      description: f.description.trim(),
      reporter: {
        name: f.anonymous ? undefined : f.name.trim() || undefined,
        phone: f.phone.trim() || undefined,
        anonymous: f.anonymous || undefined,
        confidential: f.confidential || undefined,
      },
      location:
        f.location || f.address.trim()
          ? { lat: f.location?.lat, lng: f.location?.lng, address: f.address.trim() || undefined }
          : undefined,
      componentId: f.category?.concernsComponent ? f.componentId.trim() : undefined,
      attributes: Object.keys(f.attributes).length ? f.attributes : undefined,
      photos: f.photos.length ? f.photos.map(toUpload) : undefined,
    };
  }, [form]);

  /** Files the call (once per key); `then` runs a follow-up on the new case (merge, answer) before showing it. */
  const file = useCallback(
    async (then?: (c: CreatedCase) => Promise<string | undefined>) => {
      if (busy) return;
      if (problems.length) {
        setError(problems.join('；'));
        return;
      }
      setBusy(true);
      setError(null);
      try {
        const created = await casesApi.create(body(), idempotencyKey.current);
        const note = then ? await then(created) : undefined;
        setOutcome({ created, note, photos: form.photos.length });
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [busy, problems, body, form.photos.length],
  );

  const merge = (master: DuplicateCandidate) =>
    file(async (c) => {
      await casesApi.merge(c.id, master.id, undefined);
      return t('merged', { no: master.caseNo });
    });
  const answer = (k: KnowledgeEntry) =>
    file(async (c) => {
      await casesApi.action(c.id, 'answerDirectly', {
        expectedVersion: c.version,
        answer: k.answer,
        knowledgeId: k.id,
      });
      return t('answered');
    });

  // Keyboard: Ctrl+Enter files from anywhere; Alt+P/K/A/D jump to phone, category, address, description.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (outcome) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void file();
        return;
      }
      if (e.altKey && !e.ctrlKey) {
        const target = { p: 'intake-phone', k: 'intake-category', a: 'intake-address-search', d: 'intake-description' }[
          e.key.toLowerCase()
        ];
        if (target) {
          e.preventDefault();
          focus(target);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [file, outcome]);

  if (outcome) return <IntakeFiled outcome={outcome} onNext={reset} />;

  const cat = form.category;
  const dupInput =
    cat && form.location && form.description.trim().length >= 4
      ? { categoryId: cat.id, lat: form.location.lat, lng: form.location.lng, description: form.description.trim() }
      : null;

  return (
    <div className="oc-page" key={formKey}>
      <PageTitle title={t('intakeTitle')} intro={t('intakeIntro')} />
      <Row gutter={12}>
        <Col xs={24} lg={15}>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void file();
              }}
              // Enter on an open suggestion list picks the suggestion; it must not file the case.
              onKeyDown={(e) => {
                const el = e.target as HTMLElement;
                if (e.key === 'Enter' && !e.ctrlKey && el.getAttribute('aria-expanded') === 'true') e.preventDefault();
              }}
              className="oc-intake-form"
            >
              <Row gutter={10}>
                <Col span={7}>
                  <Field label={`${t('callerPhone')} (Alt+P)`}>
                    <Input
                      autoFocus
                      value={form.phone}
                      onChange={(e) => set('phone', e.target.value)}
                      inputMode="tel"
                      maxLength={30}
                      data-testid="intake-phone"
                    />
                  </Field>
                </Col>
                <Col span={5}>
                  <Field label={t('reporterName')}>
                    <Input
                      value={form.name}
                      disabled={form.anonymous}
                      onChange={(e) => set('name', e.target.value)}
                      maxLength={100}
                      data-testid="intake-name"
                    />
                  </Field>
                </Col>
                <Col span={12}>
                  <Field label={t('channel')}>
                    <Flex gap={8} align="center" wrap>
                      <Select
                        value={form.channel}
                        onChange={(v) => set('channel', v)}
                        style={{ width: 110 }}
                        options={['phone', 'letter', 'leader', 'department'].map((c) => ({
                          value: c,
                          label: label('channel', c),
                        }))}
                      />
                      <Checkbox checked={form.anonymous} onChange={(e) => set('anonymous', e.target.checked)}>
                        {t('anonymous')}
                      </Checkbox>
                      <Checkbox checked={form.confidential} onChange={(e) => set('confidential', e.target.checked)}>
                        {t('confidential')}
                      </Checkbox>
                    </Flex>
                  </Field>
                </Col>
              </Row>
              <Field label={`${t('nature')} (1–7)`}>
                {/* Digits 1–7 pick the nature while the group has focus (arrows work too). */}
                {/* biome-ignore lint/a11y/noStaticElementInteractions: catches the digits bubbling from the radio inputs */}
                <div
                  onKeyDown={(e) => {
                    const n = Number(e.key);
                    if (n >= 1 && n <= 7) {
                      e.preventDefault();
                      set('nature', NATURES[n - 1]);
                    }
                  }}
                >
                  <Radio.Group
                    value={form.nature ?? (cat?.natureHint as Nature | undefined) ?? null}
                    onChange={(e) => set('nature', e.target.value)}
                    optionType="button"
                    buttonStyle="solid"
                    size="small"
                    data-testid="intake-nature"
                    options={NATURES.map((n, i) => ({ value: n, label: `${i + 1} ${label('nature', n)}` }))}
                  />
                </div>
              </Field>
              <Row gutter={10}>
                <Col span={16}>
                  <Field label={`${t('category')} (Alt+K)`}>
                    <CategoryPicker
                      value={cat}
                      onChange={(hit) => setForm((f) => ({ ...f, category: hit, attributes: {}, componentId: '' }))}
                    />
                  </Field>
                </Col>
                <Col span={8}>
                  <Field label={t('urgency')}>
                    <Radio.Group
                      value={form.urgency}
                      onChange={(e) => set('urgency', e.target.value)}
                      optionType="button"
                      size="small"
                      options={[
                        { value: 'normal', label: t('normal') },
                        { value: 'urgent', label: t('urgent') },
                      ]}
                      data-testid="intake-urgency"
                    />
                  </Field>
                </Col>
              </Row>
              {cat && (cat.attributes?.length || cat.concernsComponent) ? (
                <Field label={t('attributes')}>
                  <Flex vertical gap={6}>
                    {cat.concernsComponent && (
                      <Input
                        addonBefore={`* ${t('componentId')}`}
                        value={form.componentId}
                        onChange={(e) => set('componentId', e.target.value)}
                        maxLength={32}
                        data-testid="intake-component"
                      />
                    )}
                    <AttributeFields
                      attributes={cat.attributes ?? []}
                      values={form.attributes}
                      onChange={(code, v) =>
                        setForm((f) => {
                          const next = { ...f.attributes };
                          if (v === undefined) delete next[code];
                          else next[code] = v;
                          return { ...f, attributes: next };
                        })
                      }
                    />
                  </Flex>
                </Field>
              ) : null}
              <Field label={`${t('location')} (Alt+A)`}>
                <LocationPicker
                  value={form.location}
                  address={form.address}
                  onChange={(loc) => set('location', loc)}
                  onAddress={(a) => set('address', a)}
                />
              </Field>
              <Field label={`${t('description')} (Alt+D)`}>
                <Input.TextArea
                  value={form.description}
                  onChange={(e) => set('description', e.target.value)}
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  maxLength={4000}
                  showCount
                  placeholder={t('descriptionHint')}
                  data-testid="intake-description"
                />
              </Field>
              <Field label={t('intakePhotos')}>
                <PhotoPicker value={form.photos} onChange={(p) => set('photos', p)} testId="intake-photo" />
              </Field>
              {error && (
                <Typography.Paragraph type="danger" data-testid="intake-error" style={{ margin: '4px 0' }}>
                  {error}
                </Typography.Paragraph>
              )}
              <Flex gap={8} style={{ marginTop: 8 }}>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
                  {t('submit')} (Ctrl+Enter)
                </Button>
                <Button onClick={reset} disabled={busy}>
                  {t('clear')}
                </Button>
              </Flex>
            </form>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={10}>
            <CallerHistory phone={form.phone} />
            <DuplicatesPanel input={dupInput} onMerge={merge} busy={busy} />
            <KnowledgePanel
              categoryName={cat?.name}
              canAnswer={can('case.accept') && !!cat && !!form.description.trim()}
              onAnswer={answer}
              busy={busy}
            />
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
