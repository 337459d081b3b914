import { useState } from 'preact/hooks';
import type { TeamRequest } from '../../shared/api.js';
import { Notice } from '../../shared/components.js';
import { Choice, ErrorFor, SelectField, onSubmit, useBusy, useErrors } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';

/** Who handles the request (the assignee) and who follows it. */
export function RequestPeople({ request, onChanged }: { request: TeamRequest; onChanged(r: TeamRequest): void }) {
  const g = useGovernance();
  const employees = [...g.employees].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <div>
      <AssigneeForm request={request} employees={employees} onChanged={onChanged} />
      <FollowersForm request={request} employees={employees} onChanged={onChanged} />
    </div>
  );
}

type Employees = [string, string][];
const listed = (list: Employees, id: string) => list.some(([x]) => x === id);

function AssigneeForm({ request, employees, onChanged }: { request: TeamRequest; employees: Employees; onChanged(r: TeamRequest): void }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [assigneeId, setAssigneeId] = useState(request.assignee?.id ?? '');
  const [notice, setNotice] = useState('');
  // An assignee who is no longer among the employees is still shown as such.
  const options: Employees =
    request.assignee && !listed(employees, request.assignee.id) ? [[request.assignee.id, request.assignee.name], ...employees] : employees;

  const submit = async () => {
    errors.clear();
    setNotice('');
    if (!assigneeId) return errors.fail('assigneeId', 'Choose who handles the request.');
    const r = await gov.setAssignee(request.id, assigneeId);
    if (!r.ok) return errors.show(r.error);
    setNotice(`${r.data.assignee?.name ?? 'The employee'} handles the request.`);
    onChanged(r.data);
  };

  return (
    <form id="request-assignee-form" ref={errors.scope} noValidate aria-labelledby="request-assignee-title" onSubmit={onSubmit(run, submit)}>
      <h4 id="request-assignee-title">Assignee</h4>
      <SelectField
        id="request-assignee"
        name="assigneeId"
        label="Handled by"
        errorId="request-assigneeId-error"
        invalid={errors.invalid('assigneeId')}
        value={assigneeId}
        none={request.assignee ? undefined : 'Choose an employee'}
        options={options}
        onChange={setAssigneeId}
      />
      <ErrorFor errors={errors} field="assigneeId" id="request-assigneeId-error" />
      <div class="actions">
        <button type="submit" id="request-assignee-save" disabled={busy}>
          Assign
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="request-assignee-general-error" />
      <Notice id="request-assignee-notice">{notice}</Notice>
    </form>
  );
}

function FollowersForm({ request, employees, onChanged }: { request: TeamRequest; employees: Employees; onChanged(r: TeamRequest): void }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [ids, setIds] = useState(request.followers.map((f) => f.id));
  const [notice, setNotice] = useState('');
  const gone = request.followers.filter((f) => !listed(employees, f.id)).map((f): [string, string] => [f.id, f.name]);

  const submit = async () => {
    errors.clear();
    setNotice('');
    const r = await gov.setFollowers(request.id, ids);
    if (!r.ok) return errors.show(r.error);
    setNotice(r.data.followers.length ? `Followers: ${r.data.followers.map((f) => f.name).join(', ')}.` : 'Nobody follows the request.');
    onChanged(r.data);
  };

  return (
    <form id="request-followers-form" ref={errors.scope} noValidate aria-labelledby="request-followers-title" onSubmit={onSubmit(run, submit)}>
      <h4 id="request-followers-title">Followers</h4>
      <fieldset aria-describedby="request-followerIds-error">
        <legend>Employees who follow the request</legend>
        {[...gone, ...employees].map(([id, name]) => (
          <Choice
            key={id}
            id={`request-follower-${id}`}
            label={name}
            input={
              <input
                type="checkbox"
                id={`request-follower-${id}`}
                name="followerIds"
                value={id}
                checked={ids.includes(id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setIds((list) => (on ? [...list, id] : list.filter((x) => x !== id)));
                }}
              />
            }
          />
        ))}
      </fieldset>
      <ErrorFor errors={errors} field="followerIds" id="request-followerIds-error" />
      <div class="actions">
        <button type="submit" id="request-followers-save" disabled={busy}>
          Save followers
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="request-followers-general-error" />
      <Notice id="request-followers-notice">{notice}</Notice>
    </form>
  );
}
